package dev.emodistill.domain;

import dev.emodistill.domain.PublishedCsvImporter.ImportResult;
import dev.emodistill.domain.PublishedCsvImporter.Rejected;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixtures under {@code src/test/resources/scenarios/} are invented rows that reproduce the published
 * files' defects; expected targets are worked out here from the rules in DESIGN §2.
 */
class PublishedCsvImporterTest {

    @TempDir
    Path tmp;

    static Path fixture(Domain domain) {
        String name = PublishedFormat.of(domain).fileName();
        try {
            return Path.of(PublishedCsvImporterTest.class.getResource("/scenarios/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture " + name, e);
        }
    }

    private static ImportResult load(Domain domain) {
        return PublishedCsvImporter.importCsv(domain, fixture(domain));
    }

    private static Scenario byId(ImportResult r, String id) {
        return r.loaded().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no scenario " + id + " in " + ids(r)));
    }

    private static List<String> ids(ImportResult r) {
        return r.loaded().stream().map(Scenario::id).collect(Collectors.toList());
    }

    private static List<Long> rejectedLines(ImportResult r) {
        return r.rejected().stream().map(Rejected::line).collect(Collectors.toList());
    }

    private static Rejected rejectedAt(ImportResult r, long line) {
        return r.rejected().stream().filter(x -> x.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("line " + line + " not rejected: " + r.rejected()));
    }

    private static void assertTargets(Scenario s, double focal, double counterparty, boolean estimated) {
        assertEquals(focal, s.focalTarget(), 1e-9, s.id() + " T_f");
        assertEquals(counterparty, s.counterpartyTarget(), 1e-9, s.id() + " T_c");
        assertEquals(estimated, s.estimated(), s.id() + " estimated");
    }

    // ---------------------------------------------------------------- debt

    @Test
    void debtLoadsQuotedCsvWithDoubledQuotesAndRejectsANonNumericDaysOverdue() {
        ImportResult r = load(Domain.DEBT);
        // ids count data rows, rejected ones included, so row 5's rejection leaves a gap
        assertEquals(List.of("debt-001", "debt-002", "debt-003", "debt-004", "debt-006", "debt-007"), ids(r));
        assertEquals(List.of(6L), rejectedLines(r));
        String reason = rejectedAt(r, 6).reason();
        assertTrue(reason.startsWith("debt: "), reason);
        assertTrue(reason.contains("'Days Overdue'") && reason.contains("'about ninety'"), reason);

        Scenario first = byId(r, "debt-001");
        assertEquals("Alder, Birch and Cole", first.fields().get("Creditor Name"));
        assertEquals("Pinecrest Bakery LLC", first.fields().get("Debtor Name"));
        assertEquals("Two wholesale clients paid late, so payroll came first.",
                first.fields().get("Business Impact Description"));
        assertEquals("2025-01-14 09:30:00", first.fields().get("Last Payment Date"));
        assertEquals("310.25", first.fields().get("Interest Accrued (USD)"));
        assertTargets(first, 10, 60, false);

        Scenario doubled = byId(r, "debt-002");
        assertEquals("Dock 9 \"Seaside\" Imports", doubled.fields().get("Debtor Name"));
        assertEquals("Containers sat at port for weeks; the owner said \"we pay when the goods clear\".",
                doubled.fields().get("Business Impact Description"));
        assertTargets(doubled, 7, 120, false);

        Scenario curly = byId(r, "debt-004");
        assertEquals("Ruiz & Daughters (Florists, Est. 1998)", curly.fields().get("Debtor Name"));
        assertEquals("Supplier bankruptcy (flowers, vases)", curly.fields().get("Reason for Overdue"));
        assertEquals("Holiday stock never arrived; the owner says \u201cwe are rebuilding, slowly\u201d.",
                curly.fields().get("Business Impact Description"));
        assertTargets(curly, 5, 90, false);
    }

    @Test
    void debtRowWithAnUnquotedCommaIsAnchoredOnItsNumbersAndDate() {
        Scenario s = byId(load(Domain.DEBT), "debt-006");
        assertEquals("Press upgrade", s.fields().get("Purchase Purpose"));
        assertEquals("Paper costs rose, orders fell", s.fields().get("Reason for Overdue"));
        assertEquals("Printing", s.fields().get("Business Sector"));
        assertEquals("2025-02-11", s.fields().get("Last Payment Date"));
        assertEquals("Owner is negotiating a new lease.", s.fields().get("Business Impact Description"));
        assertEquals("48", s.fields().get("Recovery Probability (%)"));
        assertTargets(s, 9, 150, false);
    }

    // ---------------------------------------------------------------- disaster

    @Test
    void disasterRejoinsNeedsAndKeepsCurlyQuotedArgument() {
        ImportResult r = load(Domain.DISASTER);
        assertEquals(List.of("disaster-1", "disaster-2", "disaster-3", "disaster-4", "disaster-5", "disaster-8"),
                ids(r));

        Scenario one = byId(r, "disaster-1");
        assertEquals("Earthquake", one.fields().get("Disaster_Type"));
        assertEquals("Trapped_under_beam", one.fields().get("Survivor_Condition"));
        assertEquals("Water, Splint", one.fields().get("Critical_Needs"));
        assertEquals("\u201cHold still for me. Shoring crews are on the east side, and they can see your light.\u201d",
                one.fields().get("Key_Negotiation_Argument_By_RoboDog"));
        // T_c = max(10, endurance); T_f = max(ETA, T_c + 30)
        assertTargets(one, Math.max(140, 75 + 30), Math.max(10, 75), false);

        Scenario two = byId(r, "disaster-2");
        assertEquals("Life_Ring, Rope, Thermal_Blanket", two.fields().get("Critical_Needs"));
        assertTargets(two, Math.max(40, 25 + 30), 25, false);

        Scenario eight = byId(r, "disaster-8");
        assertTargets(eight, Math.max(100, 120 + 30), 120, false);
    }

    @Test
    void disasterVariableTakesTheDocumentedDefaultsAndMarksEstimated() {
        ImportResult r = load(Domain.DISASTER);
        Scenario three = byId(r, "disaster-3");
        assertEquals("Smoke_in_stairwell", three.fields().get("Survivor_Condition"));
        assertEquals("Variable", three.fields().get("Estimated_Survivor_Endurance(minutes)"));
        assertEquals("\u201cStay low (below the smoke, near the floor), and breathe through the cloth.\u201d",
                three.fields().get("Key_Negotiation_Argument_By_RoboDog"));
        double tc3 = Math.max(10, TargetRules.DEFAULT_ENDURANCE_MIN);
        assertTargets(three, Math.max(95, tc3 + 30), tc3, true);

        Scenario four = byId(r, "disaster-4");
        assertEquals("Variable", four.fields().get("Rescue_Team_ETA(minutes)"));
        assertEquals("Air_Line", four.fields().get("Critical_Needs"));
        double tc4 = Math.max(10, 5);
        assertTargets(four, Math.max(TargetRules.DEFAULT_ETA_MIN, tc4 + 30), tc4, true);

        Scenario five = byId(r, "disaster-5");
        assertEquals("Ice_Storm", five.fields().get("Disaster_Type"));
        assertEquals("Elderly, alone, no heat", five.fields().get("Survivor_Condition"));
        assertEquals("Heater, Food", five.fields().get("Critical_Needs"));
        assertTargets(five, 240, 180, false);
    }

    @Test
    void disasterRejectsMissingNumbersAndDuplicateIdsWithPhysicalLineNumbers() {
        ImportResult r = load(Domain.DISASTER);
        // line 7 is blank: skipped, not rejected, but still counted
        assertEquals(List.of(8L, 9L), rejectedLines(r));
        String noNumbers = rejectedAt(r, 8).reason();
        assertTrue(noNumbers.startsWith("disaster: ") && noNumbers.contains("Estimated_Survivor_Endurance(minutes)"),
                noNumbers);
        String duplicate = rejectedAt(r, 9).reason();
        assertTrue(duplicate.contains("duplicate id 'disaster-2'") && duplicate.contains("line 3"), duplicate);
        // the first row with the id wins and keeps its own values
        assertEquals("Flood", byId(r, "disaster-2").fields().get("Disaster_Type"));
    }

    // ---------------------------------------------------------------- student

    @Test
    void studentBedtimesAnchorTheRowAndFreeTextAbsorbsCommas() {
        ImportResult r = load(Domain.STUDENT);
        assertEquals(List.of("student-1", "student-2", "student-3", "student-4", "student-7", "student-8"), ids(r));

        Scenario one = byId(r, "student-1");
        assertEquals("Nervous: nothing sticks.", one.fields().get("Student_Feeling_Thought"));
        assertEquals("Feels that one more review \"might\" save the grade.",
                one.fields().get("Primary_Annoyance_Reason"));
        // 10:30 PM = 90 min past 9 PM; 1:00 AM = 240; T_c = max(wanted, T_f + 60)
        assertTargets(one, 90, Math.max(240, 90 + 60), false);

        Scenario two = byId(r, "student-2");
        assertEquals("Young_Gamer", two.fields().get("Student_Background"));
        assertEquals("Tournament Qualifier, group chat buzzing", two.fields().get("Situation_Faced"));
        assertEquals("Hyped: the squad needs me.", two.fields().get("Student_Feeling_Thought"));
        assertEquals("Loyalty to teammates, and fear of letting them down.",
                two.fields().get("Primary_Annoyance_Reason"));
        assertTargets(two, 15, Math.max(165, 15 + 60), false);

        Scenario four = byId(r, "student-4");
        // 8:30 PM is before 9 PM: -30; 9:00 PM = 0, so T_c is pushed to T_f + 60
        assertTargets(four, -30, Math.max(0, -30 + 60), false);

        Scenario seven = byId(r, "student-7");
        assertEquals("Musician (piano, guitar)", seven.fields().get("Student_Background"));
        assertEquals("Recital on Saturday", seven.fields().get("Situation_Faced"));

        Scenario eight = byId(r, "student-8");
        assertEquals("Closing shift ran late, then homework", eight.fields().get("Situation_Faced"));
        assertEquals("Drained, wired, behind.", eight.fields().get("Student_Feeling_Thought"));
        assertEquals("The only quiet time of the day, \"finally\".", eight.fields().get("Primary_Annoyance_Reason"));
        assertTargets(eight, 120, Math.max(300, 120 + 60), false);
    }

    @Test
    void studentNotApplicableWantedBedtimeDefaultsToThreeHoursAfterTheRobots() {
        Scenario three = byId(load(Domain.STUDENT), "student-3");
        assertEquals("N/A (Lies awake, sketching, until dawn)", three.fields().get("Student_Wanted_Bedtime"));
        assertEquals("Tired but wired, again.", three.fields().get("Student_Feeling_Thought"));
        assertEquals("Fears that sleep will not come anyway.", three.fields().get("Primary_Annoyance_Reason"));
        double tf = 120; // 11:00 PM
        assertTargets(three, tf, tf + TargetRules.DEFAULT_STUDENT_EXTRA_MIN, true);
    }

    @Test
    void studentRejectsARobotBedtimeThatIsNotATimeAndAWordAge() {
        ImportResult r = load(Domain.STUDENT);
        assertEquals(List.of(6L, 8L), rejectedLines(r));
        String robot = rejectedAt(r, 6).reason();
        assertTrue(robot.startsWith("student: ") && robot.contains("Robots_Requested_Bedtime")
                && robot.contains("'1:30 AM' (field 7)") && robot.contains("(field 6 reads 'Whenever')"), robot);
        String age = rejectedAt(r, 8).reason();
        assertEquals("student: 'Student_Age' must be a whole number of years, got 'fourteen'", age);
    }

    // ---------------------------------------------------------------- medical

    @Test
    void medicalAnchorsOnUrgencyAndTheLastWholeNumber() {
        ImportResult r = load(Domain.MEDICAL);
        assertEquals(List.of("medical-1", "medical-2", "medical-3", "medical-7", "medical-8"), ids(r));

        Scenario one = byId(r, "medical-1");
        Map<String, String> f = one.fields();
        assertEquals("Hip Arthritis (Severe, bilateral)", f.get("Patient_Condition"));
        assertEquals("Total Hip Replacement", f.get("Required_Surgery"));
        assertEquals("Medium", f.get("Urgency_Level"));
        assertEquals("Senior (20+ years)", f.get("Recommended_Surgeon_Experience_Level"));
        assertEquals("Booked with revision cases", f.get("Surgeon_Availability_Reason"));
        assertEquals("Falls, loss of mobility", f.get("Risk_If_Delayed"));
        assertEquals("Cares for grandchildren, needs to walk", f.get("Patient_Reason_For_Urgency"));
        assertEquals("Consider a fellowship-trained junior surgeon", f.get("Hospital_Suggestion"));
        assertEquals("60", f.get("Estimated_Time_Reduction_If_Accept_Junior_Surgeon(days)"));
        assertEquals("Under consideration", f.get("Decision_Point"));
        // T_c = max(1, waitlist - reduction); T_f = max(waitlist + 30 if Low, T_c + 7)
        double tc1 = Math.max(1, 120 - 60);
        assertTargets(one, Math.max(120, tc1 + 7), tc1, false);

        Scenario two = byId(r, "medical-2");
        assertEquals("Declined, waiting for senior", two.fields().get("Decision_Point"));
        assertEquals("0", two.fields().get("Estimated_Time_Reduction_If_Accept_Junior_Surgeon(days)"));
        assertTargets(two, Math.max(40 + 30, 40 + 7), 40, false);

        Scenario seven = byId(r, "medical-7");
        assertEquals("Available, with OR time limited", seven.fields().get("Surgeon_Availability_Reason"));
        assertEquals("Heart failure, fainting", seven.fields().get("Risk_If_Delayed"));
        assertEquals("Lives alone, afraid of collapsing", seven.fields().get("Patient_Reason_For_Urgency"));
        assertEquals("Proceed with senior, no faster option", seven.fields().get("Hospital_Suggestion"));
        assertEquals("Accepted original schedule", seven.fields().get("Decision_Point"));
        assertTargets(seven, Math.max(21, 21 + 7), 21, false);

        Scenario eight = byId(r, "medical-8");
        assertEquals("Guitarist, cyst hurts when playing", eight.fields().get("Patient_Reason_For_Urgency"));
        double tc8 = Math.max(1, 20 - 35);
        assertTargets(eight, Math.max(20 + 30, tc8 + 7), tc8, false);
    }

    @Test
    void medicalNotApplicableWaitlistAndReductionTakeDefaults() {
        Scenario three = byId(load(Domain.MEDICAL), "medical-3");
        assertEquals("N/A (listed)", three.fields().get("Days_On_Waitlist"));
        assertEquals("N/A", three.fields().get("Estimated_Time_Reduction_If_Accept_Junior_Surgeon(days)"));
        assertEquals("On transplant list", three.fields().get("Decision_Point"));
        double tc = Math.max(1, TargetRules.DEFAULT_WAITLIST_DAYS - TargetRules.DEFAULT_REDUCTION_DAYS);
        assertTargets(three, Math.max(TargetRules.DEFAULT_WAITLIST_DAYS, tc + 7), tc, true);
    }

    @Test
    void medicalRejectsNoUrgencyAmbiguousFreeTextAndAShiftedWaitlist() {
        ImportResult r = load(Domain.MEDICAL);
        assertEquals(List.of(5L, 6L, 7L, 11L), rejectedLines(r));
        assertEquals("medical: no High|Medium|Low urgency field", rejectedAt(r, 5).reason());
        // one column missing and two commas inside text: 6 parts could be split many ways
        String ambiguous = rejectedAt(r, 6).reason();
        assertTrue(ambiguous.startsWith("medical: cannot tell which text belongs to which of")
                && ambiguous.contains("'Hospital_Suggestion'")
                && ambiguous.contains("6 comma-separated parts, 4 after rejoining ', ' continuations, for 5 columns"),
                ambiguous);
        // five parts for five columns, but "Missed work twice, wants it done" is one text: a column is missing
        String missing = rejectedAt(r, 11).reason();
        assertTrue(missing.contains("5 comma-separated parts, 4 after rejoining ', ' continuations, for 5 columns"
                + " (is a column missing?)"), missing);
        assertEquals("medical: 'Days_On_Waitlist' must be a whole number of days or N/A (...), got 'No'",
                rejectedAt(r, 7).reason());
    }

    // ---------------------------------------------------------------- every file

    @ParameterizedTest
    @EnumSource(Domain.class)
    void everyNonBlankDataLineIsLoadedOrRejectedInInputOrder(Domain domain) throws Exception {
        ImportResult r = load(domain);
        List<String> lines = Files.readAllLines(fixture(domain), StandardCharsets.UTF_8);
        long dataLines = lines.stream().skip(1).filter(l -> !l.isBlank()).count();
        assertEquals(dataLines, r.loaded().size() + r.rejected().size());
        assertFalse(r.rejected().isEmpty(), "each fixture covers the reject path");
        // loaded ids follow the file's row order
        List<String> expectedOrder = new ArrayList<>();
        int dataRow = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            dataRow++;
            long lineNumber = i + 1;
            if (r.rejected().stream().anyMatch(x -> x.line() == lineNumber)) {
                continue;
            }
            expectedOrder.add(domain == Domain.DEBT ? String.format("debt-%03d", dataRow)
                    : domain.id() + "-" + lines.get(i).substring(0, lines.get(i).indexOf(',')));
        }
        assertEquals(expectedOrder, ids(r));
        List<Long> rejected = rejectedLines(r);
        assertEquals(rejected.stream().sorted().collect(Collectors.toList()), rejected);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void fieldsAreEveryColumnInHeaderOrderTrimmed(Domain domain) {
        List<String> header = PublishedFormat.of(domain).header();
        for (Scenario s : load(domain).loaded()) {
            assertEquals(header, new ArrayList<>(s.fields().keySet()), s.id());
            assertEquals(domain, s.domain());
            for (Map.Entry<String, String> e : s.fields().entrySet()) {
                assertEquals(e.getValue().strip(), e.getValue(), s.id() + " " + e.getKey());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void fixturesUseCrlfAndThreeOfFourLackAFinalNewline(Domain domain) throws Exception {
        byte[] bytes = Files.readAllBytes(fixture(domain));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(text.split("\n", -1).length - 1, text.split("\r\n", -1).length - 1,
                "every line break is CRLF (is .gitattributes keeping the fixture binary?)");
        assertEquals(domain == Domain.DEBT, text.endsWith("\r\n"));
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void lfLineEndingsAndAFinalNewlineGiveTheSameResult(Domain domain) throws Exception {
        ImportResult crlf = load(domain);
        String text = Files.readString(fixture(domain), StandardCharsets.UTF_8);
        Path lf = tmp.resolve("lf-" + domain.id() + ".csv");
        Files.writeString(lf, text.replace("\r\n", "\n"), StandardCharsets.UTF_8);
        Path terminated = tmp.resolve("terminated-" + domain.id() + ".csv");
        Files.writeString(terminated, text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text + "\r\n",
                StandardCharsets.UTF_8);
        for (Path variant : List.of(lf, terminated)) {
            ImportResult other = PublishedCsvImporter.importCsv(domain, variant);
            assertEquals(crlf.loaded(), other.loaded(), variant.toString());
            assertEquals(crlf.rejected(), other.rejected(), variant.toString());
            assertNotEquals(crlf.sha256(), other.sha256());
        }
    }

    @Test
    void byteOrderMarkIsStrippedButCountsInTheHash() throws Exception {
        byte[] plain = Files.readAllBytes(fixture(Domain.MEDICAL));
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        withBom.write(plain);
        Path bom = tmp.resolve("bom.csv");
        Files.write(bom, withBom.toByteArray());
        ImportResult a = load(Domain.MEDICAL);
        ImportResult b = PublishedCsvImporter.importCsv(Domain.MEDICAL, bom);
        assertEquals(a.loaded(), b.loaded());
        assertEquals(a.rejected(), b.rejected());
        assertEquals(sha256(withBom.toByteArray()), b.sha256());
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void sha256IsTheDigestOfTheFileBytes(Domain domain) throws Exception {
        ImportResult r = load(domain);
        assertEquals(sha256(Files.readAllBytes(fixture(domain))), r.sha256());
        assertEquals(fixture(domain), r.source());
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void roundTripThroughTheCanonicalFormatKeepsEveryField(Domain domain) {
        ImportResult r = load(domain);
        Path jsonl = tmp.resolve(domain.id() + ".jsonl");
        ScenarioFiles.write(jsonl, r.loaded());
        List<Scenario> back = ScenarioFiles.read(jsonl);
        assertEquals(r.loaded(), back);
        for (int i = 0; i < back.size(); i++) {
            assertEquals(new ArrayList<>(r.loaded().get(i).fields().entrySet()),
                    new ArrayList<>(back.get(i).fields().entrySet()), "field order of " + back.get(i).id());
        }
    }

    // ---------------------------------------------------------------- whole-file errors

    @Test
    void wrongDomainNamesTheFileAndBothHeaders() {
        Path disaster = fixture(Domain.DISASTER);
        InputException e = assertThrows(InputException.class,
                () -> PublishedCsvImporter.importCsv(Domain.DEBT, disaster));
        String m = e.getMessage();
        assertTrue(m.startsWith(disaster + " line 1"), m);
        assertTrue(m.contains("credit_recovery_scenarios.csv"), m);
        assertTrue(m.contains("choose domain 'disaster'"), m);
        assertTrue(m.contains("Expected: " + String.join(",", PublishedFormat.DEBT.header())), m);
        assertTrue(m.contains("Found: " + String.join(",", PublishedFormat.DISASTER.header())), m);
    }

    @Test
    void renamedColumnIsReportedWithItsPosition() throws Exception {
        String text = Files.readString(fixture(Domain.STUDENT), StandardCharsets.UTF_8)
                .replace("Situation_Faced", "Situation");
        Path file = tmp.resolve("renamed.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        InputException e = assertThrows(InputException.class,
                () -> PublishedCsvImporter.importCsv(Domain.STUDENT, file));
        assertTrue(e.getMessage().contains("first difference at column 4: expected 'Situation_Faced', found 'Situation'"),
                e.getMessage());
    }

    @Test
    void emptyMissingAndNonUtf8FilesAreInputErrors() throws Exception {
        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "\r\n\r\n");
        assertTrue(assertThrows(InputException.class, () -> PublishedCsvImporter.importCsv(Domain.DEBT, empty))
                .getMessage().contains("empty file"));

        Path missing = tmp.resolve("missing.csv");
        assertEquals(missing + ": no such file", assertThrows(InputException.class,
                () -> PublishedCsvImporter.importCsv(Domain.DEBT, missing)).getMessage());

        // a curly quote saved as Windows-1252 (0x93) is not UTF-8
        byte[] header = String.join(",", PublishedFormat.DISASTER.header()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream cp1252 = new ByteArrayOutputStream();
        cp1252.write(header);
        cp1252.write("\r\n1,Flood,Cold,30,60,Blanket,".getBytes(StandardCharsets.US_ASCII));
        cp1252.write(new byte[]{(byte) 0x93, 'H', 'i', (byte) 0x94});
        Path latin = tmp.resolve("cp1252.csv");
        Files.write(latin, cp1252.toByteArray());
        assertTrue(assertThrows(InputException.class, () -> PublishedCsvImporter.importCsv(Domain.DISASTER, latin))
                .getMessage().contains("not UTF-8"));
    }

    // ---------------------------------------------------------------- splitting edge cases

    @Test
    void unbalancedOpenerDoesNotSwallowTheRestOfTheRow() throws Exception {
        String header = String.join(",", PublishedFormat.MEDICAL.header());
        String row = "11,40,Knee Pain (chronic,Arthroscopy,Low,30,No,Senior (Knee),Busy,Stiffness,Runner,"
                + "Junior surgeon can operate,10,Accepted expedited option";
        Path file = tmp.resolve("unbalanced.csv");
        Files.writeString(file, header + "\n" + row, StandardCharsets.UTF_8);
        ImportResult r = PublishedCsvImporter.importCsv(Domain.MEDICAL, file);
        assertEquals(List.of(), r.rejected());
        Scenario s = r.loaded().get(0);
        assertEquals("Knee Pain (chronic", s.fields().get("Patient_Condition"));
        assertEquals("Arthroscopy", s.fields().get("Required_Surgery"));
        assertTargets(s, 30 + 30, 30 - 10, false);
    }

    @Test
    void unterminatedQuotedFieldIsRejectedNotGuessed() throws Exception {
        String header = String.join(",", PublishedFormat.STUDENT.header());
        Path file = tmp.resolve("unterminated.csv");
        Files.writeString(file, header + "\r\n"
                + "1,15,Reader,Book,\"Hooked.,10:00 PM,12:00 AM,Plot twist.\r\n"
                + "2,15,Reader,Book,\"Hooked.\",10:00 PM,12:00 AM,Plot twist.\r\n", StandardCharsets.UTF_8);
        ImportResult r = PublishedCsvImporter.importCsv(Domain.STUDENT, file);
        assertEquals(List.of("student-2"), ids(r));
        assertEquals(1, r.rejected().size());
        assertEquals(2, r.rejected().get(0).line());
        assertTrue(r.rejected().get(0).reason().startsWith("student: unterminated quoted field (field 5"),
                r.rejected().get(0).reason());
    }

    @Test
    void tooFewFieldsIsARejectedRow() throws Exception {
        String header = String.join(",", PublishedFormat.DISASTER.header());
        Path file = tmp.resolve("short.csv");
        Files.writeString(file, header + "\n1,Flood,Cold,30,60\n", StandardCharsets.UTF_8);
        ImportResult r = PublishedCsvImporter.importCsv(Domain.DISASTER, file);
        assertEquals(List.of(), r.loaded());
        assertEquals(new Rejected(2, "disaster: only 5 fields, expected 7 (Case_ID .. Key_Negotiation_Argument_By_RoboDog)"),
                r.rejected().get(0));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
