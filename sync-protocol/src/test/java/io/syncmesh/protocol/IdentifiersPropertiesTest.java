package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The identifier rules of DESIGN.md section 3. Record keys are tenant/collection/entityId, so no accepted identifier
 * may hold a slash.
 */
class IdentifiersPropertiesTest {

    // --- accepted identifiers never hold a slash

    @Property
    void anAcceptedCollectionContainsNoSlash(@ForAll("candidates") String value) {
        assertAcceptedHasNoSlash(value, Identifiers::isCollection);
    }

    @Property
    void anAcceptedEntityIdContainsNoSlash(@ForAll("candidates") String value) {
        assertAcceptedHasNoSlash(value, Identifiers::isEntityId);
    }

    @Property
    void anAcceptedChangeIdContainsNoSlash(@ForAll("candidates") String value) {
        assertAcceptedHasNoSlash(value, Identifiers::isChangeId);
    }

    @Property
    void anAcceptedPrincipalContainsNoSlash(@ForAll("candidates") String value) {
        assertAcceptedHasNoSlash(value, Identifiers::isPrincipal);
    }

    @Property
    void anyStringAtAllThatIsAcceptedContainsNoSlash(@ForAll String value) {
        List<Predicate<String>> rules = List.of(Identifiers::isCollection, Identifiers::isEntityId,
                Identifiers::isChangeId, Identifiers::isPrincipal, Identifiers::isFieldName);
        for (Predicate<String> rule : rules) {
            assertThat(rule.test(value) && value.contains("/")).as("accepted with a slash: %s", value).isFalse();
        }
    }

    private static void assertAcceptedHasNoSlash(String value, Predicate<String> rule) {
        boolean accepted = rule.test(value);
        Statistics.label("accepted").collect(accepted);
        if (accepted) {
            assertThat(value).doesNotContain("/");
        }
        // the property must really see accepted values, or it proves nothing
        Statistics.label("accepted").coverage(coverage -> coverage.check(true).percentage(p -> p >= 10.0));
    }

    @Property
    void aSlashAnywhereInAnOtherwiseValidCollectionIsRefused(@ForAll("collections") String valid,
            @ForAll("positions") double at) {
        assertThat(Identifiers.isCollection(insertSlash(valid, at))).isFalse();
    }

    @Property
    void aSlashAnywhereInAnOtherwiseValidIdIsRefused(@ForAll("ids") String valid, @ForAll("positions") double at) {
        String withSlash = insertSlash(valid, at);
        assertThat(Identifiers.isEntityId(withSlash)).isFalse();
        assertThat(Identifiers.isChangeId(withSlash)).isFalse();
    }

    private static String insertSlash(String value, double at) {
        int index = (int) Math.round(at * value.length());
        return value.substring(0, index) + "/" + value.substring(index);
    }

    // --- the allowed alphabets within their bounds are accepted, beyond them refused

    @Property
    void everyCollectionFromTheAllowedAlphabetWithin63CharactersIsAccepted(@ForAll("collections") String value) {
        assertThat(value.length()).isBetween(1, 63);
        assertThat(Identifiers.isCollection(value)).isTrue();
    }

    @Property
    void everyIdFromTheAllowedAlphabetWithin64CharactersIsAcceptedAsEntityIdAndChangeId(
            @ForAll("ids") String value) {
        assertThat(value.length()).isBetween(1, 64);
        assertThat(Identifiers.isEntityId(value)).isTrue();
        assertThat(Identifiers.isChangeId(value)).isTrue();
    }

    @Property
    void everyFieldNameFromTheAllowedAlphabetWithin64CharactersIsAccepted(@ForAll("fieldNames") String value) {
        assertThat(Identifiers.isFieldName(value)).isTrue();
    }

    @Property
    void everyPrincipalFromTheAllowedAlphabetWithin128CharactersIsAccepted(@ForAll("principals") String value) {
        assertThat(Identifiers.isPrincipal(value)).isTrue();
    }

    @Property
    void aCollectionLongerThan63CharactersIsRefused(@ForAll("tooLongCollections") String value) {
        assertThat(Identifiers.isCollection(value)).isFalse();
    }

    @Property
    void anIdLongerThan64CharactersIsRefused(@ForAll("tooLongIds") String value) {
        assertThat(Identifiers.isEntityId(value)).isFalse();
        assertThat(Identifiers.isChangeId(value)).isFalse();
    }

    @Property
    void aCollectionThatDoesNotStartWithALowerCaseLetterIsRefused(@ForAll("collections") String valid,
            @ForAll("notALowerCaseLetter") char first) {
        assertThat(Identifiers.isCollection(first + valid.substring(1))).isFalse();
    }

    @Example
    void nullIsNoIdentifier() {
        assertThat(Identifiers.isCollection(null)).isFalse();
        assertThat(Identifiers.isEntityId(null)).isFalse();
        assertThat(Identifiers.isChangeId(null)).isFalse();
        assertThat(Identifiers.isFieldName(null)).isFalse();
        assertThat(Identifiers.isPrincipal(null)).isFalse();
    }

    @Provide
    Arbitrary<String> collections() {
        return WireArbitraries.collections();
    }

    @Provide
    Arbitrary<String> ids() {
        return WireArbitraries.ids();
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return WireArbitraries.fieldNames();
    }

    @Provide
    Arbitrary<String> principals() {
        return WireArbitraries.principals();
    }

    @Provide
    Arbitrary<String> tooLongCollections() {
        return Combinators.combine(Arbitraries.chars().range('a', 'z'), Arbitraries.strings().withCharRange('a', 'z')
                .withCharRange('0', '9').withChars('_').ofMinLength(63).ofMaxLength(300)).as((f, r) -> f + r);
    }

    @Provide
    Arbitrary<String> tooLongIds() {
        return WireArbitraries.idAlphabet(65, 300);
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0.0, 1.0);
    }

    @Provide
    Arbitrary<Character> notALowerCaseLetter() {
        return Arbitraries.chars().range('0', '9').range('A', 'Z').with('_', '-', '/', '.', ' ');
    }

    /** A mix of valid identifiers, valid ones with a slash put in, and strings over a wider alphabet. */
    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> lowerValid = WireArbitraries.collections();
        Arbitrary<String> anyValid = WireArbitraries.ids();
        Arbitrary<String> withSlash = Combinators.combine(Arbitraries.oneOf(lowerValid, anyValid),
                Arbitraries.doubles().between(0.0, 1.0)).as(IdentifiersPropertiesTest::insertSlash);
        Arbitrary<String> wide = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '_', '-', '.', ':', '@')
                .ofMinLength(0).ofMaxLength(80);
        return Arbitraries.oneOf(lowerValid, anyValid, withSlash, wide);
    }

    // --- the loops are the rules as regular expressions (the specification in Identifiers' documentation)

    private static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

    @Property(tries = 3000)
    void everyRuleAcceptsExactlyWhatItsExpressionMatches(@ForAll("nearIdentifiers") String value) {
        assertThat(Identifiers.isCollection(value)).as("collection %s", value)
                .isEqualTo(COLLECTION.matcher(value).matches());
        assertThat(Identifiers.isEntityId(value)).as("entity id %s", value).isEqualTo(ID.matcher(value).matches());
        assertThat(Identifiers.isChangeId(value)).as("change id %s", value).isEqualTo(ID.matcher(value).matches());
        assertThat(Identifiers.isFieldName(value)).as("field name %s", value)
                .isEqualTo(FIELD_NAME.matcher(value).matches());
        assertThat(Identifiers.isPrincipal(value)).as("principal %s", value)
                .isEqualTo(PRINCIPAL.matcher(value).matches());
    }

    @Property
    void anyStringAtAllIsJudgedAsItsExpressionJudgesIt(@ForAll String value) {
        assertThat(Identifiers.isCollection(value)).isEqualTo(COLLECTION.matcher(value).matches());
        assertThat(Identifiers.isEntityId(value)).isEqualTo(ID.matcher(value).matches());
        assertThat(Identifiers.isFieldName(value)).isEqualTo(FIELD_NAME.matcher(value).matches());
        assertThat(Identifiers.isPrincipal(value)).isEqualTo(PRINCIPAL.matcher(value).matches());
    }

    @Property
    void theLengthLimitsAreTheExpressions(@ForAll @IntRange(min = 0, max = 130) int length,
            @ForAll("oneValidCharacter") char c) {
        String value = String.valueOf(c).repeat(length);
        assertThat(Identifiers.isCollection(value)).isEqualTo(COLLECTION.matcher(value).matches());
        assertThat(Identifiers.isEntityId(value)).isEqualTo(ID.matcher(value).matches());
        assertThat(Identifiers.isFieldName(value)).isEqualTo(FIELD_NAME.matcher(value).matches());
        assertThat(Identifiers.isPrincipal(value)).isEqualTo(PRINCIPAL.matcher(value).matches());
    }

    @Provide
    Arbitrary<Character> oneValidCharacter() {
        return Arbitraries.of('a', 'Z', '7', '_', '-', '.');
    }

    /**
     * Strings around the rules' edges: every character class's members and its neighbours in ASCII, a few others,
     * lengths from 0 to past the longest limit.
     */
    @Provide
    Arbitrary<String> nearIdentifiers() {
        Arbitrary<Character> edges = Arbitraries.of('a', 'z', 'A', 'Z', '0', '9', '_', '-', '.', ':', '@', '/', '`',
                '{', '@', '[', '^', '/', ':', ' ', 'é', '\u0000', '\uD83D');
        Arbitrary<Character> any = Arbitraries.chars().range((char) 0, (char) 127);
        return Arbitraries.frequencyOf(Tuple.of(3, edges), Tuple.of(1, any)).list().ofMinSize(0).ofMaxSize(130)
                .map(chars -> {
                    StringBuilder text = new StringBuilder();
                    chars.forEach(text::append);
                    return text.toString();
                });
    }
}
