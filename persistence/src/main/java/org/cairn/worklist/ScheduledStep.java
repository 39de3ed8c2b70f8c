package org.cairn.worklist;

/**
 * The one Scheduled Procedure Step of an order (PS3.4 K.6.1.2.2): where, when and how the modality should acquire.
 *
 * @param stepId                  Scheduled Procedure Step ID (0040,0009)
 * @param stationAeTitle          Scheduled Station AE Title (0040,0001), or null
 * @param stationName             Scheduled Station Name (0040,0010), or null
 * @param modality                Modality (0008,0060)
 * @param startDate               Scheduled Procedure Step Start Date (0040,0002), DA
 * @param startTime               Scheduled Procedure Step Start Time (0040,0003), TM, or null
 * @param performingPhysicianName Scheduled Performing Physician's Name (0040,0006), PN, or null
 * @param description             Scheduled Procedure Step Description (0040,0007), or null
 * @param protocolCode            Scheduled Protocol Code Sequence (0040,0008) item, or null
 * @param location                Scheduled Procedure Step Location (0040,0011), or null
 */
public record ScheduledStep(String stepId, String stationAeTitle, String stationName, String modality,
                            String startDate, String startTime, String performingPhysicianName, String description,
                            Code protocolCode, String location) {
}
