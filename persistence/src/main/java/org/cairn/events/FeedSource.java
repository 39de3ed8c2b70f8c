package org.cairn.events;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** Follows the change feed: the events after a cursor that pass a filter, in feed order, then new ones as they come. */
@FunctionalInterface
public interface FeedSource {

    /** Never completes on its own; reading falls behind without loss, as the feed is stored. */
    Source<FeedEvent, NotUsed> follow(long after, FeedFilter filter);
}
