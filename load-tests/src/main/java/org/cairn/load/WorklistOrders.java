package org.cairn.load;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.cairn.worklist.Code;
import org.cairn.worklist.Order;
import org.cairn.worklist.Patient;
import org.cairn.worklist.ScheduledStep;

/**
 * The worklist benchmark's synthetic orders, the same for a given count on every run (seeded): accession numbers
 * {@code ACC000001}…, about three orders per patient, 20 stations named after their modality (CT01…CT04, MR01…,
 * PT02), each order on one station with that station's modality, start dates over {@link #DAYS} days from
 * {@link #FIRST_DAY}, start times 07:00 to 18:45 in 15-minute slots. Also the benchmark's queries (a 3-day start
 * date range, one station and its modality) and which orders each should match.
 */
final class WorklistOrders {
    static final LocalDate FIRST_DAY = LocalDate.of(2027, 1, 1);
    static final int DAYS = 60;
    static final int QUERY_DAYS = 3;
    static final String[] STATIONS = {"CT01", "CT02", "CT03", "CT04", "MR01", "MR02", "MR03", "US01", "US02", "US03",
        "CR01", "CR02", "DX01", "DX02", "MG01", "MG02", "NM01", "NM02", "PT01", "PT02"};
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    /** The surnames of {@link QueryBenchmark}'s patients, one of them outside ASCII. */
    private static final String[] SURNAMES = {"SMITH", "MÜLLER", "GARCIA", "NGUYEN", "KOWALSKI", "ROSSI", "TANAKA",
        "OKAFOR", "DUBOIS", "SILVA", "JANSEN", "ANDERSSON", "COHEN", "KIM", "PATEL", "OLSEN", "NOVAK", "HORVAT",
        "MURPHY", "SCHMIDT"};
    private static final String[] GIVEN = {"JOHN", "MARIA", "AHMED", "LI", "ANNA", "PIOTR", "YUKI", "CHIDI", "ELENA",
        "LUCAS"};
    private static final String[] TECHS = {"TECH^ANNA", "TECH^BORIS", "TECH^CLARA", "TECH^DAVID"};
    private static final String[] REFERRERS = {"REFERRER^RITA", "HOUSE^GREGORY", "WHO^DR"};
    private static final String[] PRIORITIES = {"ROUTINE", "ROUTINE", "ROUTINE", "HIGH", "STAT"};
    /** Per modality: procedure description, LOINC code, protocol code, as {description, code, meaning}. */
    private static final String[][] PROCEDURES = {
        {"CT", "CT CHEST", "24627-2", "CT Chest"}, {"CT", "CT HEAD", "24725-4", "CT Head"},
        {"MR", "MR BRAIN", "24590-2", "MR Brain"}, {"MR", "MR KNEE", "24954-0", "MR Knee"},
        {"US", "US ABDOMEN", "24558-9", "US Abdomen"}, {"CR", "XR CHEST", "36643-5", "XR Chest 2 views"},
        {"DX", "XR HAND", "37375-3", "XR Hand"}, {"MG", "MG SCREENING", "24606-6", "MG Screening"},
        {"NM", "NM BONE SCAN", "39773-7", "NM Bone"}, {"PT", "PET CT WHOLE BODY", "44136-0", "PET Whole body"},
    };

    private WorklistOrders() {
    }

    /** The modality a station serves: its name's first two letters. */
    static String modalityOf(String station) {
        return station.substring(0, 2);
    }

    static String day(int offset) {
        return FIRST_DAY.plusDays(offset).format(DA);
    }

    /** The {@code count} orders, deterministic. */
    static List<Order> generate(int count) {
        Random random = new Random(20270101L);
        List<Order> orders = new ArrayList<>(count);
        int patients = Math.max(1, count / 3);
        for (int i = 1; i <= count; i++) {
            int p = random.nextInt(patients);
            Random person = new Random(p * 7919L + 17); // the same patient details whichever order names them
            Patient patient = new Patient(String.format("P%06d", p), null,
                SURNAMES[p % SURNAMES.length] + "^" + GIVEN[person.nextInt(GIVEN.length)],
                LocalDate.of(1930, 1, 1).plusDays(person.nextInt(90 * 365)).format(DA), person.nextBoolean() ? "F" : "M");
            String station = STATIONS[random.nextInt(STATIONS.length)];
            String modality = modalityOf(station);
            List<String[]> procedures = new ArrayList<>();
            for (String[] proc : PROCEDURES) {
                if (proc[0].equals(modality)) {
                    procedures.add(proc);
                }
            }
            String[] proc = procedures.get(random.nextInt(procedures.size()));
            int slot = random.nextInt(48); // 07:00 to 18:45
            String time = String.format("%02d%02d00", 7 + slot / 4, (slot % 4) * 15);
            String id = String.format("%06d", i);
            ScheduledStep step = new ScheduledStep("SPS" + id, station, station, modality,
                day(random.nextInt(DAYS)), time, TECHS[random.nextInt(TECHS.length)], proc[1],
                new Code("P-" + proc[2], "99LOCAL", proc[3] + " protocol"), "ROOM " + station);
            orders.add(new Order("ACC" + id, patient, "RP" + id, proc[1], new Code(proc[2], "LN", proc[3]),
                "2.25." + (1_000_000_000L + i) + (long) random.nextInt(1_000_000_000),
                REFERRERS[random.nextInt(REFERRERS.length)], null, "PL" + id, "FL" + id, null,
                PRIORITIES[random.nextInt(PRIORITIES.length)], step));
        }
        return orders;
    }

    /** One benchmark query: start dates {@code from} to {@code to} (DA, inclusive), a modality and a station. */
    record Query(String from, String to, String modality, String station) {
        /** The accession numbers of the orders this query should match, sorted. */
        Set<String> expected(List<Order> orders) {
            Set<String> matched = new TreeSet<>();
            for (Order o : orders) {
                ScheduledStep s = o.step();
                if (s.modality().equals(modality) && s.stationAeTitle().equals(station)
                    && s.startDate().compareTo(from) >= 0 && s.startDate().compareTo(to) <= 0) {
                    matched.add(o.accessionNumber());
                }
            }
            return matched;
        }
    }

    /** {@code count} queries, deterministic for a given {@code seed}. */
    static List<Query> queries(int count, long seed) {
        Random random = new Random(seed);
        List<Query> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int first = random.nextInt(DAYS - QUERY_DAYS + 1);
            String station = STATIONS[random.nextInt(STATIONS.length)];
            queries.add(new Query(day(first), day(first + QUERY_DAYS - 1), modalityOf(station), station));
        }
        return queries;
    }
}
