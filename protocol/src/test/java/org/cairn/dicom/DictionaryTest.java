package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.cairn.dicom.dict.ElementDictionary;
import org.cairn.dicom.dict.ElementInfo;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.junit.jupiter.api.Test;

class DictionaryTest {

    @Test
    void generatedConstantsCarryTheRegistryValues() {
        assertThat(Tag.PatientName).isEqualTo(0x00100010);
        assertThat(Tag.PixelData).isEqualTo(0x7FE00010);
        assertThat(Tag.CommandField).isEqualTo(0x00000100);
        assertThat(UID.CTImageStorage).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(UID.ExplicitVRBigEndian).isEqualTo("1.2.840.10008.1.2.2");
    }

    @Test
    void looksUpByTagAndKeyword() {
        ElementInfo name = ElementDictionary.lookup(Tag.PatientName);
        assertThat(name.keyword()).isEqualTo("PatientName");
        assertThat(name.vr()).isEqualTo(Vr.PN);
        assertThat(name.vm()).isEqualTo("1");
        assertThat(ElementDictionary.tagOf("StudyInstanceUID")).isEqualTo(0x0020000D);
        assertThat(ElementDictionary.tagOf("NoSuchKeyword")).isEqualTo(-1);
        assertThat(ElementDictionary.lookup(Tag.SmallestImagePixelValue).vrs()).containsExactly(Vr.US, Vr.SS);
        assertThat(ElementDictionary.lookup(Tag.PixelData).isAmbiguous()).isTrue();
    }

    @Test
    void resolvesRepeatingGroups() {
        ElementInfo overlay = ElementDictionary.lookup(0x60023000);
        assertThat(overlay.keyword()).isEqualTo("OverlayData");
        assertThat(ElementDictionary.lookup(0x601E0010).keyword()).isEqualTo("OverlayRows");
        assertThat(ElementDictionary.keywordOf(0x50100005)).isEqualTo("CurveDimensions");
        assertThat(ElementDictionary.lookup(0x60000010).matches(0x60FE0010)).isTrue();
    }

    @Test
    void privateCreatorsAndPrivateElements() {
        assertThat(ElementDictionary.isPrivate(0x00291010)).isTrue();
        assertThat(ElementDictionary.isPrivate(0x00080010)).isFalse();
        assertThat(ElementDictionary.isPrivateCreator(0x00290010)).isTrue();
        assertThat(ElementDictionary.isPrivateCreator(0x00291010)).isFalse();
        assertThat(ElementDictionary.vrOf(0x00290010)).isEqualTo(Vr.LO);
        assertThat(ElementDictionary.vrOf(0x00291010)).isEqualTo(Vr.UN);
        assertThat(ElementDictionary.privateCreatorOf(0x00291010)).isEqualTo(0x00290010);
        assertThat(ElementDictionary.privateCreatorOf(0x0029FF01)).isEqualTo(0x002900FF);
        assertThat(ElementDictionary.lookup(0x00291010)).isNull();
    }

    @Test
    void groupLengthsAreUnsignedLongs() {
        assertThat(ElementDictionary.vrOf(0x00080000)).isEqualTo(Vr.UL);
        assertThat(ElementDictionary.vrOf(0x00290000)).isEqualTo(Vr.UL);
    }

    @Test
    void allThirtyFourVrsWithTheirHeaderForms() {
        assertThat(Vr.values()).hasSize(34);
        assertThat(Vr.values()).filteredOn(Vr::hasLongHeader)
            .containsExactlyInAnyOrder(Vr.OB, Vr.OD, Vr.OF, Vr.OL, Vr.OV, Vr.OW, Vr.SQ, Vr.SV, Vr.UC, Vr.UN, Vr.UR,
                Vr.UT, Vr.UV);
        assertThat(Vr.ofCode(('U' << 8) | 'N')).isEqualTo(Vr.UN);
        assertThat(Vr.ofCode(('X' << 8) | 'X')).isNull();
        assertThat(Vr.UI.padding()).isEqualTo((byte) 0);
        assertThat(Vr.LO.padding()).isEqualTo((byte) ' ');
    }

    @Test
    void storageSopClassesComeFromTheRegistry() {
        var storage = org.cairn.dicom.dict.UidDictionary.storageSopClasses();
        assertThat(storage).contains(UID.CTImageStorage, UID.EnhancedMRImageStorage, UID.SecondaryCaptureImageStorage)
            .doesNotContain(UID.StorageCommitmentPushModel, UID.Verification);
        assertThat(storage).hasSizeGreaterThan(150);
        assertThat(org.cairn.dicom.dict.UidDictionary.lookup(UID.CTImageStorage).name()).isEqualTo("CT Image Storage");
    }

    @Test
    void transferSyntaxesByUid() {
        assertThat(TransferSyntax.of(UID.ImplicitVRLittleEndian).explicitVr()).isFalse();
        assertThat(TransferSyntax.of(UID.ExplicitVRBigEndian).bigEndian()).isTrue();
        assertThat(TransferSyntax.of(UID.DeflatedExplicitVRLittleEndian + "\0").deflated()).isTrue();
        TransferSyntax htj2k = TransferSyntax.of("1.2.840.10008.1.2.4.201");
        assertThat(htj2k.encapsulated()).isTrue();
        assertThat(htj2k.explicitVr()).isTrue();
        assertThat(TransferSyntax.of(UID.ExplicitVRLittleEndian).isNative()).isTrue();
    }
}
