package io.syncmesh.devstack;
/** placeholder */
public final class DevStack {

    private DevStack() {
    }
}
