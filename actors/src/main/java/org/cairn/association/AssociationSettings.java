package org.cairn.association;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code cairn.dicom} configuration (see the module's reference.conf for every key's meaning and range), and
 * the user authenticator the node wires in for User Identity negotiation ({@link #withUserAuthenticator}).
 *
 * @param allowedCallingAeTitles the older allow-list key, kept for existing configurations: its titles are part of
 *                               {@link #access()}'s allow-list, which is what the negotiation reads
 */
public record AssociationSettings(String bindAddress, int port, Set<String> aeTitles, Set<String> allowedCallingAeTitles,
                                  int maxAssociations, int maxAssociationsPerCallingAe, int maxPduLength,
                                  int maxAssociationPduLength, Duration artimTimeout, Duration idleTimeout,
                                  Duration pduReadTimeout, int maxOperationsInvoked, List<String> transferSyntaxes,
                                  AccessPolicy access, DimseUserAuthenticator userAuthenticator) {

    public AssociationSettings {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(userAuthenticator, "userAuthenticator");
    }

    /** The settings of {@code root}'s {@code cairn.dicom}, with no users ({@link DimseUserAuthenticator#NO_USERS}). */
    public static AssociationSettings from(Config root) {
        Config c = root.getConfig("cairn.dicom");
        AssociationSettings s = new AssociationSettings(c.getString("bind-address"), c.getInt("port"),
            Set.copyOf(c.getStringList("ae-titles")), Set.copyOf(c.getStringList("allowed-calling-ae-titles")),
            c.getInt("max-associations"), c.getInt("max-associations-per-calling-ae"), c.getInt("max-pdu-length"),
            c.getInt("max-association-pdu-length"), c.getDuration("artim-timeout"), c.getDuration("idle-timeout"),
            c.getDuration("pdu-read-timeout"), c.getInt("max-operations-invoked"),
            List.copyOf(c.getStringList("transfer-syntaxes")), AccessPolicy.from(c), DimseUserAuthenticator.NO_USERS);
        s.validate();
        return s;
    }

    private void validate() {
        if (aeTitles.isEmpty() || aeTitles.stream().anyMatch(t -> t.isBlank() || t.length() > 16)) {
            throw new IllegalArgumentException("cairn.dicom.ae-titles: 1 to 16 characters each, at least one");
        }
        if (maxPduLength < 1024 || maxPduLength > 16 << 20) {
            throw new IllegalArgumentException("cairn.dicom.max-pdu-length must be 1024 to 16777216");
        }
        if (maxOperationsInvoked < 0 || maxOperationsInvoked > 0xFFFF) {
            throw new IllegalArgumentException("cairn.dicom.max-operations-invoked must be 0 to 65535");
        }
        if (maxAssociations < 1 || maxAssociationsPerCallingAe < 1) {
            throw new IllegalArgumentException("cairn.dicom association limits must be at least 1");
        }
    }

    /** The same settings on another port (tests bind port 0 and read the real one back). */
    public AssociationSettings withPort(int newPort) {
        return new AssociationSettings(bindAddress, newPort, aeTitles, allowedCallingAeTitles, maxAssociations,
            maxAssociationsPerCallingAe, maxPduLength, maxAssociationPduLength, artimTimeout, idleTimeout,
            pduReadTimeout, maxOperationsInvoked, transferSyntaxes, access, userAuthenticator);
    }

    /** The same settings verifying User Identity negotiation against {@code authenticator} (the node's user store). */
    public AssociationSettings withUserAuthenticator(DimseUserAuthenticator authenticator) {
        return new AssociationSettings(bindAddress, port, aeTitles, allowedCallingAeTitles, maxAssociations,
            maxAssociationsPerCallingAe, maxPduLength, maxAssociationPduLength, artimTimeout, idleTimeout,
            pduReadTimeout, maxOperationsInvoked, transferSyntaxes, access, authenticator);
    }
}
