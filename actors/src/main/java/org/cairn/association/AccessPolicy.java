package org.cairn.association;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which calling AEs may associate and what each may do: the {@code cairn.dicom.access} configuration, with pure
 * decisions. With an empty allow-list any calling AE is admitted with the default permissions; otherwise only the
 * AEs listed (from the hosts given, if any), each with its own permissions.
 *
 * @param defaultPermissions what any calling AE may do while the allow-list is empty
 * @param allowList          the calling AEs admitted when not empty; several entries for one title add up
 * @param userIdentity       how User Identity negotiation is treated
 */
public record AccessPolicy(Set<DimsePermission> defaultPermissions, List<AllowedPeer> allowList,
                           UserIdentityPolicy userIdentity) {

    public AccessPolicy {
        defaultPermissions = Set.copyOf(defaultPermissions);
        allowList = List.copyOf(allowList);
    }

    /**
     * One allow-list entry.
     *
     * @param aeTitle     the calling AE title, exactly (case included)
     * @param addresses   the addresses it may call from; empty: any
     * @param permissions what it may do
     */
    public record AllowedPeer(String aeTitle, Set<InetAddress> addresses, Set<DimsePermission> permissions) {
        public AllowedPeer {
            if (aeTitle == null || aeTitle.isBlank() || aeTitle.length() > 16) {
                throw new IllegalArgumentException("allow-list AE title \"" + aeTitle + "\": 1 to 16 characters");
            }
            addresses = Set.copyOf(addresses);
            permissions = Set.copyOf(permissions);
        }

        boolean matches(String callingAeTitle, InetAddress peer) {
            return aeTitle.equals(callingAeTitle) && (addresses.isEmpty() || peer != null && addresses.contains(peer));
        }
    }

    /**
     * Reads {@code cairn.dicom.access}, with the older {@code cairn.dicom.allowed-calling-ae-titles}: each title
     * listed there joins the allow-list with the default permissions, from any host. Host names are resolved
     * here, once: a name that does not resolve stops the node rather than lock a modality out silently.
     */
    public static AccessPolicy from(Config dicom) {
        Config access = dicom.getConfig("access");
        Set<DimsePermission> defaults = permissions(access.getStringList("default-permissions"));
        List<AllowedPeer> allowed = new ArrayList<>();
        for (Config entry : access.getConfigList("allow-list")) {
            Set<InetAddress> addresses = entry.hasPath("host") ? resolve(entry.getString("host")) : Set.of();
            Set<DimsePermission> permissions = entry.hasPath("permissions")
                ? permissions(entry.getStringList("permissions")) : defaults;
            allowed.add(new AllowedPeer(entry.getString("ae-title"), addresses, permissions));
        }
        for (String title : dicom.getStringList("allowed-calling-ae-titles")) {
            allowed.add(new AllowedPeer(title, Set.of(), defaults));
        }
        return new AccessPolicy(defaults, allowed, UserIdentityPolicy.from(access.getConfig("user-identity")));
    }

    private static Set<DimsePermission> permissions(List<String> names) {
        EnumSet<DimsePermission> set = EnumSet.noneOf(DimsePermission.class);
        names.forEach(n -> set.add(DimsePermission.parse(n)));
        return set;
    }

    private static Set<InetAddress> resolve(String host) {
        try {
            return Set.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cairn.dicom.access.allow-list: host \"" + host + "\" does not resolve", e);
        }
    }

    /**
     * What {@code callingAeTitle} calling from {@code peer} may do, or empty when it may not associate at all.
     *
     * @param peer the requestor's address; null when the transport does not tell, and then only entries without
     *             a host match
     */
    public Optional<Set<DimsePermission>> admit(String callingAeTitle, InetAddress peer) {
        if (allowList.isEmpty()) {
            return Optional.of(defaultPermissions);
        }
        EnumSet<DimsePermission> granted = EnumSet.noneOf(DimsePermission.class);
        boolean listed = false;
        for (AllowedPeer entry : allowList) {
            if (entry.matches(callingAeTitle, peer)) {
                listed = true;
                granted.addAll(entry.permissions());
            }
        }
        return listed ? Optional.of(Set.copyOf(granted)) : Optional.empty();
    }
}
