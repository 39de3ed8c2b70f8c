package org.cairn.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewWebhookTest {
    private static final String SECRET = "sixteen chars ok";
    private static final Set<String> ANY = Set.of();

    private static NewWebhook of(String url, List<String> types, String from) {
        return NewWebhook.of(url, types, SECRET, null, from, ANY);
    }

    @Test
    void anAbsoluteHttpOrHttpsUrl() {
        assertThat(of("https://ris.example.org/hooks/cairn?tenant=3", null, null).url())
            .isEqualTo(URI.create("https://ris.example.org/hooks/cairn?tenant=3"));
        assertThat(of("http://127.0.0.1:8080/h", null, null).url()).isEqualTo(URI.create("http://127.0.0.1:8080/h"));
        assertThat(of("HTTP://example.org/", null, null).url().getHost()).isEqualTo("example.org");
    }

    @Test
    void refusesOtherUrls() {
        for (String url : new String[] {null, "", "  ", "/relative/path", "example.org/hook", "ftp://example.org/x",
            "mailto:someone@example.org", "http:///no-host", "http://user:pw@example.org/h", "http://example.org/h#part",
            "http://exa mple.org/", "https://example.org/" + "x".repeat(2048)}) {
            assertThatThrownBy(() -> of(url, null, null)).as(url).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url");
        }
    }

    @Test
    void typesAreASetAndNoneMeansAll() {
        assertThat(of("http://h/", null, null).eventTypes()).isEmpty();
        assertThat(of("http://h/", List.of(), null).eventTypes()).isEmpty();
        assertThat(of("http://h/", List.of("study.received", "study.stable", "study.received"), null).eventTypes())
            .containsExactlyInAnyOrder("study.received", "study.stable");
    }

    @Test
    void refusesMalformedTypesAndTypesThatAreNotPublic() {
        for (String type : new String[] {"", " ", "a,b", "study received", ".study", "x".repeat(65)}) {
            assertThatThrownBy(() -> of("http://h/", List.of(type), null)).as(type)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
        }
        assertThatThrownBy(() -> of("http://h/", java.util.Arrays.asList((String) null), null))
            .isInstanceOf(IllegalArgumentException.class);
        Set<String> known = Set.of("study.received", "study.stable");
        assertThat(NewWebhook.of("http://h/", List.of("study.stable"), SECRET, null, null, known).eventTypes())
            .containsExactly("study.stable");
        assertThatThrownBy(() -> NewWebhook.of("http://h/", List.of("study.exploded"), SECRET, null, null, known))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("study.exploded");
    }

    @Test
    void theSecretIsRequiredAndLongEnough() {
        assertThatThrownBy(() -> NewWebhook.of("http://h/", null, null, null, null, ANY))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> NewWebhook.of("http://h/", null, "fifteen chars!!", null, null, ANY))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> NewWebhook.of("http://h/", null, "s".repeat(257), null, null, ANY))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
    }

    @Test
    void fromIsLatestByDefaultOrASeq() {
        assertThat(of("http://h/", null, null).from()).isEmpty();
        assertThat(of("http://h/", null, "latest").from()).isEmpty();
        assertThat(of("http://h/", null, "0").from()).isEqualTo(OptionalLong.of(0));
        assertThat(of("http://h/", null, "1234").from()).isEqualTo(OptionalLong.of(1234));
        for (String from : new String[] {"-1", "soon", "1.5", ""}) {
            assertThatThrownBy(() -> of("http://h/", null, from)).as(from)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        }
    }

    @Test
    void aDescriptionFitsItsColumn() {
        assertThat(NewWebhook.of("http://h/", null, SECRET, "the RIS", null, ANY).description()).isEqualTo("the RIS");
        assertThatThrownBy(() -> NewWebhook.of("http://h/", null, SECRET, "d".repeat(513), null, ANY))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("description");
    }

    @Test
    void typesAreStoredSortedAndCommaSeparated() {
        assertThat(NewWebhook.joinTypes(Set.of("b.x", "a.y"))).isEqualTo("a.y,b.x");
        assertThat(NewWebhook.splitTypes("a.y,b.x")).containsExactlyInAnyOrder("a.y", "b.x");
        assertThat(NewWebhook.splitTypes("")).isEmpty();
    }
}
