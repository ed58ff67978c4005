package dev.emodistill.domain;

import java.util.List;
import java.util.Optional;

/**
 * The four scenario CSVs published with the paper's companion repository (DESIGN §2.1): the file name and the
 * exact header of each domain's file. The importer checks a file's header against this before reading rows,
 * and the fetcher uses the file names to build download URLs.
 */
public enum PublishedFormat {
    DEBT(Domain.DEBT, "credit_recovery_scenarios.csv", List.of(
            "Creditor Name", "Debtor Name", "Credit Type", "Original Amount (USD)", "Outstanding Balance (USD)",
            "Creditor Target Days", "Debtor Target Days", "Days Overdue", "Purchase Purpose", "Reason for Overdue",
            "Business Sector", "Last Payment Date", "Collateral", "Recovery Stage", "Cash Flow Situation",
            "Business Impact Description", "Proposed Solution", "Recovery Probability (%)",
            "Interest Accrued (USD)")),
    DISASTER(Domain.DISASTER, "disaster_survivor_scenarios.csv", List.of(
            "Case_ID", "Disaster_Type", "Survivor_Condition", "Estimated_Survivor_Endurance(minutes)",
            "Rescue_Team_ETA(minutes)", "Critical_Needs", "Key_Negotiation_Argument_By_RoboDog")),
    STUDENT(Domain.STUDENT, "education_sleep_scenarios.csv", List.of(
            "Case_ID", "Student_Age", "Student_Background", "Situation_Faced", "Student_Feeling_Thought",
            "Robots_Requested_Bedtime", "Student_Wanted_Bedtime", "Primary_Annoyance_Reason")),
    MEDICAL(Domain.MEDICAL, "hospital_surgery_scenarios.csv", List.of(
            "Case_ID", "Patient_Age", "Patient_Condition", "Required_Surgery", "Urgency_Level", "Days_On_Waitlist",
            "Preferred_Surgeon_Available", "Recommended_Surgeon_Experience_Level", "Surgeon_Availability_Reason",
            "Risk_If_Delayed", "Patient_Reason_For_Urgency", "Hospital_Suggestion",
            "Estimated_Time_Reduction_If_Accept_Junior_Surgeon(days)", "Decision_Point"));

    /** The id column shared by three of the files; the debt file has none. */
    public static final String CASE_ID = "Case_ID";

    private final Domain domain;
    private final String fileName;
    private final List<String> header;

    PublishedFormat(Domain domain, String fileName, List<String> header) {
        this.domain = domain;
        this.fileName = fileName;
        this.header = header;
    }

    public Domain domain() {
        return domain;
    }

    /** The file's name in the companion repository's {@code data/} folder. */
    public String fileName() {
        return fileName;
    }

    /** The column names, exactly as in the published header, in order. */
    public List<String> header() {
        return header;
    }

    /** Whether rows carry a {@code Case_ID} column (all but the debt file). */
    public boolean hasCaseId() {
        return header.get(0).equals(CASE_ID);
    }

    /** The format of a domain's published file. */
    public static PublishedFormat of(Domain domain) {
        for (PublishedFormat f : values()) {
            if (f.domain == domain) {
                return f;
            }
        }
        throw new IllegalArgumentException("no published format for " + domain);
    }

    /** The format whose header is exactly {@code columns} (already trimmed), if any. */
    public static Optional<PublishedFormat> byHeader(List<String> columns) {
        for (PublishedFormat f : values()) {
            if (f.header.equals(columns)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
