package dev.emodistill.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded scenario generators with the fields and ranges of the published sets (DESIGN §2.1). Each generated
 * row has the published file's columns (same header names), so generated and imported scenarios flow through
 * the same {@link TargetRules}. About one row in twenty carries a non-numeric value ("Variable", "N/A
 * (listed)") exactly as the published files do, and is marked estimated.
 *
 * <p>Ids read {@code <domain>-g<seed>-<index>}; the same (domain, count, seed) always yields the same file.
 */
public final class ScenarioGenerator {
    /** Share of rows given a free-text "not a number" value, as in the published files. */
    private static final double FREE_TEXT_RATE = 0.05;

    private ScenarioGenerator() {
    }

    public static List<Scenario> generate(Domain domain, int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        List<Scenario> out = new ArrayList<>(count);
        SplittableRandom root = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (domain.ordinal() + 1)));
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = root.split();
            Map<String, String> fields = switch (domain) {
                case DEBT -> debt(rng, i);
                case DISASTER -> disaster(rng, i);
                case STUDENT -> student(rng, i);
                case MEDICAL -> medical(rng, i);
            };
            TargetRules.Targets t;
            try {
                t = TargetRules.derive(domain, fields);
            } catch (TargetRules.FieldException e) {
                throw new IllegalStateException("generator produced an invalid " + domain.id() + " row: " + e.getMessage(), e);
            }
            String id = String.format(Locale.ROOT, "%s-g%d-%04d", domain.id(), seed, i + 1);
            out.add(new Scenario(id, domain, t.focal(), t.counterparty(), t.estimated(), fields));
        }
        return out;
    }

    private static Map<String, String> row(Domain domain, String... values) {
        List<String> header = PublishedFormat.of(domain).header();
        if (header.size() != values.length) {
            throw new IllegalStateException(domain.id() + " generator: " + values.length + " values for "
                    + header.size() + " columns");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(header.get(i), values[i]);
        }
        return m;
    }

    private static Map<String, String> debt(SplittableRandom r, int i) {
        int original = 5_000 + 500 * r.nextInt(390);
        int outstanding = (int) (original * (0.3 + 0.7 * r.nextDouble()));
        int overdue = between(r, 32, 359);
        String stage = pick(r, "Early Collection", "Mid Collection", "Late Collection", "Pre-Legal", "Legal Review");
        return row(Domain.DEBT,
                pick(r, "Northbank Credit", "Harbor Capital", "Summit Lending", "Ridgeway Finance", "Maple Trust"),
                pick(r, "Lopez Bakery", "Kim Auto Repair", "Osei Logistics", "Brandt Printing", "Nakamura Florist",
                        "Diaz Construction", "Patel Pharmacy"),
                pick(r, "Term Loan", "Equipment Lease", "Line of Credit", "Trade Credit", "Invoice Financing"),
                Integer.toString(original), Integer.toString(outstanding),
                Integer.toString(between(r, 5, 20)), Integer.toString(between(r, 32, 179)),
                Integer.toString(overdue),
                pick(r, "new delivery van", "kitchen equipment", "inventory restock", "shop renovation", "software licences"),
                pick(r, "a major client paid late", "seasonal slowdown", "unexpected repair costs",
                        "supplier price increase", "owner illness"),
                pick(r, "Food Service", "Automotive", "Transport", "Retail", "Construction", "Healthcare"),
                String.format(Locale.ROOT, "2025-%02d-%02d", between(r, 1, 12), between(r, 1, 28)),
                pick(r, "None", "Vehicle title", "Equipment lien", "Personal guarantee"),
                stage,
                pick(r, "Negative", "Tight", "Recovering", "Volatile"),
                pick(r, "Payroll is at risk if payments rise.", "A second location was postponed.",
                        "Hours were cut to save costs.", "Key supplier demands cash on delivery."),
                pick(r, "Structured payment plan", "Partial settlement", "Deferred first payment", "Refinancing"),
                Integer.toString(between(r, 20, 90)),
                Integer.toString((int) (outstanding * overdue * 0.0004)));
    }

    private static Map<String, String> disaster(SplittableRandom r, int i) {
        String endurance = freeText(r) ? "Variable" : Integer.toString(between(r, 10, 300));
        String eta = freeText(r) ? "Variable" : Integer.toString(between(r, 35, 600));
        return row(Domain.DISASTER,
                String.format(Locale.ROOT, "G%03d", i + 1),
                pick(r, "Earthquake", "Flood", "Building Collapse", "Landslide", "Wildfire", "Mine Collapse"),
                pick(r, "Trapped leg, conscious", "Mild hypothermia", "Dehydrated and anxious", "Minor burns",
                        "Broken arm, stable", "Disoriented but responsive"),
                endurance, eta,
                pick(r, "water", "warmth", "first aid", "air supply", "light", "medication"),
                pick(r, "Staying calm keeps your oxygen use low until the team arrives.",
                        "The route is unstable and the team must shore it up first.",
                        "A second collapse is likely if we rush in.",
                        "The helicopter can only land once the wind drops."));
    }

    private static Map<String, String> student(SplittableRandom r, int i) {
        // Robot bedtime 8:30-11:00 PM in 15-minute steps; the student's 10 PM-4 AM in 15-minute steps.
        int robot = -30 + 15 * r.nextInt(11);
        int wanted = 60 + 15 * r.nextInt(25);
        String wantedText = freeText(r) ? "N/A (depends on the game schedule)" : Bedtime.format(wanted);
        return row(Domain.STUDENT,
                String.format(Locale.ROOT, "G%03d", i + 1),
                Integer.toString(between(r, 11, 18)),
                pick(r, "Competitive gamer", "Aspiring musician", "Honours student", "Part-time worker",
                        "Varsity athlete", "Night-owl artist"),
                pick(r, "Exam next morning", "Online tournament tonight", "Group chat late at night",
                        "Streaming a new series", "Unfinished project due"),
                pick(r, "Feels treated like a child", "Worried about falling behind friends",
                        "Thinks sleep is a waste of time", "Stressed but wired"),
                Bedtime.format(robot), wantedText,
                pick(r, "Loss of freedom", "Fear of missing out", "Feels the rule is arbitrary",
                        "Wants to finish what they started"));
    }

    private static Map<String, String> medical(SplittableRandom r, int i) {
        String urgency = pick(r, "High", "Medium", "Low");
        String waitlist = freeText(r) ? "N/A (listed)" : Integer.toString(between(r, 5, 365));
        String reduction = freeText(r) ? "N/A" : Integer.toString(between(r, 0, 200));
        boolean preferred = r.nextBoolean();
        return row(Domain.MEDICAL,
                String.format(Locale.ROOT, "G%03d", i + 1),
                Integer.toString(between(r, 5, 77)),
                pick(r, "Gallstones", "Torn meniscus", "Cataract", "Hernia", "Herniated disc", "Tonsillitis"),
                pick(r, "Cholecystectomy", "Arthroscopy", "Lens replacement", "Hernia repair", "Discectomy",
                        "Tonsillectomy"),
                urgency, waitlist, preferred ? "Yes" : "No",
                pick(r, "Junior", "Mid-level", "Senior"),
                pick(r, "On leave", "Fully booked", "Covering emergencies", "Available"),
                pick(r, "Worsening pain", "Risk of infection", "Reduced mobility", "Low risk"),
                pick(r, "Cannot work while waiting", "Caring for a family member", "Upcoming exams",
                        "Pain disturbs sleep"),
                pick(r, "Accept a junior surgeon for an earlier slot", "Wait for the preferred surgeon",
                        "Transfer to a partner hospital"),
                reduction,
                pick(r, "Accept the earlier junior slot or keep waiting", "Choose between hospitals",
                        "Decide before the list is reshuffled"));
    }

    private static boolean freeText(SplittableRandom r) {
        return r.nextDouble() < FREE_TEXT_RATE;
    }

    private static int between(SplittableRandom r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
