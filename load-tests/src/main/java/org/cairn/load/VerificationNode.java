package org.cairn.load;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.cairn.association.AssociationSettings;
import org.cairn.association.ServiceRegistry;
import org.cairn.association.VerificationService;
import org.cairn.net.netty.DicomServer;

/**
 * Cairn's DIMSE listener with the Verification SCP only, in a JVM of its own for benchmarks: prints
 * "PORT n" once listening and runs until its standard input closes.
 */
public final class VerificationNode {
    private VerificationNode() {
    }

    public static void main(String[] args) throws Exception {
        var config = ConfigFactory.parseString("""
            cairn.dicom.port = 0
            cairn.dicom.max-associations = 10000
            cairn.dicom.max-associations-per-calling-ae = 10000
            pekko.loglevel = WARNING
            """).withFallback(ConfigFactory.load());
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "cairn-bench", config);
        try (DicomServer server = DicomServer.start(system, system, AssociationSettings.from(config),
            ServiceRegistry.of(new VerificationService()))) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the benchmark closes our input
            }
        } finally {
            system.terminate();
        }
    }
}
