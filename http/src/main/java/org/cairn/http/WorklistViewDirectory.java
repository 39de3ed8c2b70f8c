package org.cairn.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.cairn.http.worklist.WorklistDirectory;
import org.cairn.http.worklist.WorklistEntryView;
import org.cairn.http.worklist.WorklistFilter;
import org.cairn.views.WorklistView;
import org.cairn.worklist.WorklistListing;
import org.cairn.worklist.WorklistRow;

/** The REST API's worklist entries, read from the worklist view on a blocking-I/O thread. */
public final class WorklistViewDirectory implements WorklistDirectory {
    private final DataSource views;
    private final Executor blocking;

    public WorklistViewDirectory(DataSource views, Executor blocking) {
        this.views = views;
        this.blocking = blocking;
    }

    @Override
    public CompletionStage<List<WorklistEntryView>> list(WorklistFilter f) {
        WorklistListing listing = new WorklistListing(f.statuses(), f.modality(), f.stationAeTitle(), f.patientId(),
            f.startDateFrom(), f.startDateTo(), f.limit(), f.offset());
        return read(c -> WorklistView.list(c, listing).stream().map(WorklistViewDirectory::entry).toList());
    }

    @Override
    public CompletionStage<Optional<WorklistEntryView>> get(String accessionNumber) {
        return read(c -> WorklistView.get(c, accessionNumber).map(WorklistViewDirectory::entry));
    }

    private static WorklistEntryView entry(WorklistRow row) {
        return new WorklistEntryView(row.accessionNumber(), row.status(), row.order(), row.linkedStudies(),
            row.updatedAt(), row.source());
    }

    interface Read<T> {
        T from(Connection c) throws SQLException;
    }

    private <T> CompletionStage<T> read(Read<T> read) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = views.getConnection()) {
                c.setReadOnly(true);
                return read.from(c);
            } catch (SQLException e) {
                throw new IllegalStateException("reading the worklist view failed: " + e.getMessage(), e);
            }
        }, blocking);
    }
}
