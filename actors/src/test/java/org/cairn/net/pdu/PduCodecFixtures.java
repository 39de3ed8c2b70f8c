package org.cairn.net.pdu;

import java.util.List;
import org.cairn.dicom.Implementation;
import org.cairn.dicom.dict.UID;

/** Ready-made PDUs for network tests. */
public final class PduCodecFixtures {
    private PduCodecFixtures() {
    }

    /** An A-ASSOCIATE-RQ proposing Verification in implicit VR little endian. */
    public static Pdu.AssociateRequest echoRequest(String calledAe) {
        return new Pdu.AssociateRequest(1, calledAe, "TESTSCU", "1.2.840.10008.3.1.1.1",
            List.of(new PresentationContextRequest(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian))),
            UserInformation.of(16384, Implementation.CLASS_UID, Implementation.VERSION_NAME));
    }
}
