package org.cairn.association;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open associations overall and per calling AE title, shared by every association of a node. A slot is
 * taken when an association is accepted and given back when it ends.
 */
public final class AssociationLimits {
    private final int max;
    private final int maxPerCallingAe;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perCallingAe = new ConcurrentHashMap<>();

    public AssociationLimits(int max, int maxPerCallingAe) {
        this.max = max;
        this.maxPerCallingAe = maxPerCallingAe;
    }

    /** Takes a slot for {@code callingAe}; false (and nothing taken) when a limit would be exceeded. */
    public boolean tryAcquire(String callingAe) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        AtomicInteger forAe = perCallingAe.computeIfAbsent(callingAe, k -> new AtomicInteger());
        if (forAe.incrementAndGet() > maxPerCallingAe) {
            forAe.decrementAndGet();
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release(String callingAe) {
        open.decrementAndGet();
        perCallingAe.computeIfPresent(callingAe, (k, v) -> v.decrementAndGet() == 0 ? null : v);
    }

    public int open() {
        return open.get();
    }
}
