package org.cairn.qr;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.cairn.association.DimseContext;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.query.InformationModel;
import org.cairn.scu.Part10Header;
import org.cairn.views.InstanceFiles;
import org.cairn.views.RetrievableInstance;
import org.cairn.views.ServedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-GET SCP of the Patient Root and Study Root models (PS3.4 C.4.3): the instances go back to the requestor
 * as C-STORE sub-operations on the same association, on the presentation context it offered for their SOP class
 * and stored transfer syntax (with the SCP role, PS3.7 D.3.3.4), each data set streamed from its blob and paced
 * by the transport. An instance with no such context fails (Cairn does not transcode).
 */
public final class GetService extends RetrieveService {
    private static final Logger LOG = LoggerFactory.getLogger(GetService.class);

    private final InstanceFiles files;

    public GetService(DataSource views, InstanceFiles files, Executor blocking) {
        super(CommandField.C_GET_RQ, views, blocking);
        this.files = files;
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(InformationModel.PATIENT_ROOT.getSopClass(), InformationModel.STUDY_ROOT.getSopClass());
    }

    @Override
    SubOperations open(DimseContext ctx, DataSet command, List<RetrievableInstance> instances) {
        return new SubOperations() {
            @Override
            public int send(RetrievableInstance instance) {
                return store(ctx, instance);
            }

            @Override
            public void close() {
            }
        };
    }

    private int store(DimseContext ctx, RetrievableInstance instance) {
        int pc = ctx.acceptedContext(instance.sopClassUid(), instance.transferSyntaxUid());
        if (pc < 0) {
            LOG.info("C-GET: {} not sent to {}: no presentation context for {} in {}", instance.sopInstanceUid(),
                ctx.callingAeTitle(), instance.sopClassUid(), instance.transferSyntaxUid());
            return Status.PROCESSING_FAILURE;
        }
        DataSet rq = Commands.request(CommandField.C_STORE_RQ, 0, instance.sopClassUid(), true);
        rq.putString(Tag.AffectedSOPInstanceUID, Vr.UI, instance.sopInstanceUid());
        try (ServedFile file = files.file(instance); InputStream in = Files.newInputStream(file.path())) {
            in.skipNBytes(Part10Header.read(file.path()).dataSetOffset());
            DataSet rsp = ctx.sendRequest(pc, rq, in).toCompletableFuture().get(10, TimeUnit.MINUTES);
            return Commands.status(rsp);
        } catch (Exception e) {
            LOG.warn("C-GET sub-operation for {} to {} failed: {}", instance.sopInstanceUid(), ctx.callingAeTitle(),
                e.toString());
            return Status.PROCESSING_FAILURE;
        }
    }
}
