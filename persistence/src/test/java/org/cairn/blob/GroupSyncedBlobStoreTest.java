package org.cairn.blob;

import java.nio.file.Path;
import org.cairn.durability.GroupSync;
import org.junit.jupiter.api.AfterEach;

/** The blob store contract holds when new names are made durable by group commit. */
class GroupSyncedBlobStoreTest extends BlobStoreContract {
    private final GroupSync sync = new GroupSync("blobs-test");

    @Override
    BlobStore store(Path dir) throws Exception {
        return LocalBlobStore.open(dir, sync);
    }

    @AfterEach
    void stopSync() {
        sync.close();
    }
}
