package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Receipts: every change id ends in one final outcome; a replay answers duplicate carrying that outcome. */
class ReceiptTest {

    static Stream<Receipt> finalReceipts() {
        return Stream.of(
                Receipt.applied("c-1", "notes", "e-1", 16),
                Receipt.merged("c-2", "notes", "e-1", 17),
                Receipt.conflict("c-3", "notes", "e-1", "conflict-9"),
                Receipt.rejected("c-4", "notes", "e-1", "dependency-missing"));
    }

    @ParameterizedTest
    @MethodSource("finalReceipts")
    void asDuplicateKeepsTheOriginalOutcomeInOriginalStatus(Receipt receipt) {
        Receipt duplicate = receipt.asDuplicate();

        assertThat(duplicate.status()).isEqualTo(ReceiptStatus.DUPLICATE);
        assertThat(duplicate.originalStatus()).isEqualTo(receipt.status());
        assertThat(duplicate.outcome()).isEqualTo(receipt.status());
    }

    @ParameterizedTest
    @MethodSource("finalReceipts")
    void aDuplicateCarriesEverythingElseOfTheOriginalReceipt(Receipt receipt) {
        Receipt duplicate = receipt.asDuplicate();

        assertThat(duplicate).usingRecursiveComparison().ignoringFields("status", "originalStatus")
                .isEqualTo(receipt);
    }

    @ParameterizedTest
    @MethodSource("finalReceipts")
    void aDuplicateOfADuplicateIsTheSameDuplicate(Receipt receipt) {
        Receipt duplicate = receipt.asDuplicate();

        assertThat(duplicate.asDuplicate()).isEqualTo(duplicate);
        assertThat(duplicate.asDuplicate().outcome()).isEqualTo(receipt.status());
    }

    @ParameterizedTest
    @MethodSource("finalReceipts")
    void theOutcomeOfAnOrdinaryReceiptIsItsStatus(Receipt receipt) {
        assertThat(receipt.outcome()).isEqualTo(receipt.status());
        assertThat(receipt.originalStatus()).isNull();
    }

    @Test
    void anAppliedReceiptCarriesTheNewVersionAndItsEtag() {
        Receipt applied = Receipt.applied("c-1", "notes", "e-1", 16);

        assertThat(applied.version()).isEqualTo(16L);
        assertThat(applied.etag()).isEqualTo("v16").isEqualTo(Etags.of(16));
        assertThat(applied.conflictId()).isNull();
        assertThat(applied.code()).isNull();
    }

    @Test
    void aMergedReceiptCarriesTheNewVersionAndItsEtag() {
        Receipt merged = Receipt.merged("c-1", "notes", "e-1", 17);

        assertThat(merged.status()).isEqualTo(ReceiptStatus.MERGED);
        assertThat(merged.etag()).isEqualTo("v17");
    }

    @Test
    void aConflictReceiptCarriesTheConflictItemAndNoVersion() {
        Receipt conflict = Receipt.conflict("c-1", "notes", "e-1", "conflict-9");

        assertThat(conflict.conflictId()).isEqualTo("conflict-9");
        assertThat(conflict.version()).isNull();
        assertThat(conflict.etag()).isNull();
    }

    @Test
    void aRejectedReceiptCarriesItsCode() {
        Receipt rejected = Receipt.rejected("c-1", "notes", "e-1", "dependency-missing");

        assertThat(rejected.status()).isEqualTo(ReceiptStatus.REJECTED);
        assertThat(rejected.code()).isEqualTo("dependency-missing");
        assertThat(rejected.version()).isNull();
    }

    @Test
    void aPendingReceiptIsNotFinal() {
        Receipt pending = Receipt.pending("c-1", "notes", "e-1");

        assertThat(pending.status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(pending.outcome().isFinal()).isFalse();
    }

    @Test
    void pendingIsTheOnlyStatusThatIsNotFinal() {
        assertThat(Arrays.stream(ReceiptStatus.values()).filter(status -> !status.isFinal()))
                .containsExactly(ReceiptStatus.PENDING);
    }

    @ParameterizedTest
    @EnumSource(value = ReceiptStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
    void everyStatusButPendingIsFinal(ReceiptStatus status) {
        assertThat(status.isFinal()).isTrue();
    }
}
