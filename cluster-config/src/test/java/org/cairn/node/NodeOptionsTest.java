package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {

    @Test
    void defaultsComeFromTheSingleNodeProfile() {
        Config config = NodeOptions.parse().config();
        assertThat(config.getInt("cairn.dicom.port")).isEqualTo(11112);
        assertThat(config.getInt("cairn.http.port")).isEqualTo(8080);
        assertThat(config.getStringList("cairn.dicom.ae-titles")).containsExactly("CAIRN");
        assertThat(config.getString("cairn.dicom.bind-address")).isEqualTo("0.0.0.0");
        assertThat(config.getInt("cairn.hl7.port")).isEqualTo(2575);
        // relative to where the node starts, made absolute: H2 refuses a path relative to the working directory
        String dataDir = java.nio.file.Path.of("data").toAbsolutePath().toString();
        assertThat(config.getString("cairn.data-dir")).isEqualTo(dataDir);
        assertThat(config.getString("cairn.journal.url")).startsWith("jdbc:h2:file:" + dataDir + "/journal/cairn;");
    }

    @Test
    void commandLineOverridesTheProfile() {
        Config config = NodeOptions.parse("--dicom-port", "104", "--http-port", "8042", "--ae-title", "PACS",
            "--bind", "127.0.0.1", "--data-dir", "/var/lib/cairn", "--hl7-port", "2576").config();
        assertThat(config.getInt("cairn.dicom.port")).isEqualTo(104);
        assertThat(config.getInt("cairn.http.port")).isEqualTo(8042);
        assertThat(config.getStringList("cairn.dicom.ae-titles")).isEqualTo(List.of("PACS"));
        assertThat(config.getString("cairn.http.bind-address")).isEqualTo("127.0.0.1");
        assertThat(config.getString("cairn.hl7.bind-address")).isEqualTo("127.0.0.1");
        assertThat(config.getInt("cairn.hl7.port")).isEqualTo(2576);
        assertThat(config.getString("cairn.data-dir")).isEqualTo("/var/lib/cairn");
        assertThat(config.getString("cairn.journal.url")).startsWith("jdbc:h2:file:/var/lib/cairn/journal/");
    }

    @Test
    void adminPasswordBecomesTheAuthSettingAndStaysOutOfToString() {
        assertThat(NodeOptions.parse().config().getString("cairn.auth.admin-password"))
            .as("no option, no environment variable: no password").isEmpty();
        NodeOptions options = NodeOptions.parse("--admin-password", "correct horse battery", "--http-port", "8042");
        assertThat(options.config().getString("cairn.auth.admin-password")).isEqualTo("correct horse battery");
        assertThat(options.toString()).doesNotContain("correct horse battery").contains("***");
        assertThatThrownBy(() -> NodeOptions.parse("--admin-password", " ")).hasMessageContaining("non-blank");
        assertThatThrownBy(() -> NodeOptions.parse("--admin-password")).hasMessageContaining("needs a value");
    }

    @Test
    void postgresProfileTakesTheJournalFromTheEnvironment() {
        Config config = NodeOptions.parse("--profile", "postgres").config();
        assertThat(config.getString("cairn.journal.slick-profile")).isEqualTo("slick.jdbc.PostgresProfile$");
        assertThat(config.getString("cairn.journal.driver")).isEqualTo("org.postgresql.Driver");
        assertThat(config.getString("pekko.actor.provider")).isEqualTo("cluster");
        assertThatThrownBy(() -> NodeOptions.parse("--profile", "nosuch")).hasMessageContaining("no profile");
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> NodeOptions.parse("--dicom-port", "70000")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> NodeOptions.parse("--ae-title", "A_TITLE_LONGER_THAN_16")).hasMessageContaining("16");
        assertThatThrownBy(() -> NodeOptions.parse("--verbose", "yes")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> NodeOptions.parse("--http-port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> NodeOptions.parse("--config", "/no/such.conf").config())
            .hasMessageContaining("no such file");
    }

    @Test
    void clusterProfileTakesSeedsAddressAndSharedBlobsFromTheCommandLine() {
        Config config = NodeOptions.parse("--profile", "cluster", "--seed", "pekko://cairn@10.0.0.11:25520",
            "--seed", "pekko://cairn@10.0.0.12:25520", "--cluster-host", "10.0.0.13", "--cluster-port", "25521",
            "--blob-dir", "/srv/cairn/blobs").config();
        assertThat(config.getStringList("pekko.cluster.seed-nodes"))
            .containsExactly("pekko://cairn@10.0.0.11:25520", "pekko://cairn@10.0.0.12:25520");
        assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("10.0.0.13");
        assertThat(config.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25521);
        assertThat(config.getString("cairn.blobs.path")).isEqualTo("/srv/cairn/blobs");
        assertThat(config.getDuration("cairn.blobs.orphan-min-age")).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(config.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-majority");
        assertThat(config.getString("cairn.journal.driver")).isEqualTo("org.postgresql.Driver");
    }

    @Test
    void aSingleNodeKeepsItsBlobsUnderTheDataDirectoryAndJoinsNobody() {
        Config config = NodeOptions.parse("--data-dir", "/var/lib/cairn").config();
        assertThat(config.getString("cairn.blobs.path")).isEqualTo("/var/lib/cairn/blobs");
        assertThat(config.getStringList("pekko.cluster.seed-nodes")).isEmpty();
        assertThat(config.getDuration("cairn.blobs.orphan-min-age")).isZero();
    }

    @Test
    void aSeedMustBeANodeAddress() {
        assertThatThrownBy(() -> NodeOptions.parse("--seed", "10.0.0.11:25520"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pekko://cairn@");
    }

    @Test
    void cassandraProfileKeepsTheViewsInPostgresAndReadsEventsFromCassandra() {
        Config config = NodeOptions.parse("--profile", "cassandra").config();
        assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("pekko.persistence.cassandra.journal");
        assertThat(config.getString("cairn.projections.read-journal")).isEqualTo("pekko.persistence.cassandra.query");
        assertThat(config.getString("cairn.journal.driver")).isEqualTo("org.postgresql.Driver");
    }
}
