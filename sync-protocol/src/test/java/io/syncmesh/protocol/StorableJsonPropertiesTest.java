package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What counts as storable text, against independent oracles: the JDK's UTF-8 coder (it replaces an unpaired surrogate,
 * so such a text does not survive a round trip) and the one character PostgreSQL's jsonb refuses, U+0000.
 */
class StorableJsonPropertiesTest {

    @Property
    void aTextIsStorableExactlyWhenItHasNoNulAndSurvivesUtf8(@ForAll("anyTexts") String text) {
        boolean survivesUtf8 = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);

        assertThat(StorableJson.isStorable(text)).isEqualTo(survivesUtf8 && text.indexOf('\u0000') < 0);
    }

    @Property
    void aValueIsStorableExactlyWhenItsTextAndItsKeyAre(@ForAll("anyTexts") String text,
            @ForAll("anyTexts") String key) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.putArray("list").add(1).addObject().put(key, text);

        assertThat(StorableJson.isStorable(value))
                .isEqualTo(StorableJson.isStorable(text) && StorableJson.isStorable(key));
        assertThat(StorableJson.isStorable(TextNode.valueOf(text))).isEqualTo(StorableJson.isStorable(text));
    }

    /** Any UTF-16 text, with surrogates and U+0000 made frequent enough to be met in every run. */
    @Provide
    Arbitrary<String> anyTexts() {
        Arbitrary<Character> tricky = Arbitraries.of('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', 'a', 'é');
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                tricky.list().ofMaxSize(6).map(chars -> {
                    StringBuilder text = new StringBuilder();
                    chars.forEach(text::append);
                    return text.toString();
                }));
    }
}
