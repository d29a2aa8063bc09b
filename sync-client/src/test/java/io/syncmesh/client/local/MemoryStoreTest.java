package io.syncmesh.client.local;

/** The store contract, held by the store in memory. */
class MemoryStoreTest extends LocalStoreContractTest {

    @Override
    protected LocalStore openStore() {
        return new MemoryStore();
    }
}
