package org.cairn.association;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The DIMSE services of a node, by abstract syntax. Later issues add storage, query and worklist here. */
public final class ServiceRegistry {
    private final Map<String, DimseService> byAbstractSyntax = new HashMap<>();

    public ServiceRegistry(Collection<? extends DimseService> services) {
        for (DimseService service : services) {
            for (String sopClass : service.sopClasses()) {
                DimseService previous = byAbstractSyntax.putIfAbsent(sopClass, service);
                if (previous != null) {
                    throw new IllegalArgumentException(sopClass + " is served by both " + previous + " and " + service);
                }
            }
        }
    }

    public static ServiceRegistry of(DimseService... services) {
        return new ServiceRegistry(List.of(services));
    }

    /** The service for an abstract syntax, or null. */
    public DimseService serviceFor(String abstractSyntax) {
        return byAbstractSyntax.get(abstractSyntax);
    }

    public Set<String> abstractSyntaxes() {
        return byAbstractSyntax.keySet();
    }
}
