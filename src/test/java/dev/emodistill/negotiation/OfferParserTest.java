package dev.emodistill.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.emodistill.domain.Domain;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferParserTest {

    private static void check(String domainId, String text, String expected) {
        Domain domain = Domain.parse(domainId).orElseThrow();
        OptionalDouble got = OfferParser.parse(domain, text);
        if (expected.equals("none")) {
            assertTrue(got.isEmpty(), () -> "expected no offer in <" + text + "> but got " + got);
        } else {
            assertTrue(got.isPresent(), () -> "expected " + expected + " in <" + text + "> but found none");
            assertEquals(Double.parseDouble(expected), got.getAsDouble(), 1e-9, text);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            debt | I can settle the account in 45 days.                                  | 45
            debt | Two weeks is the most I can do.                                       | 14
            debt | I can pay the balance in six weeks, not a day sooner.                 | 42
            debt | Give me a fortnight and it's done.                                    | 14
            debt | I need a month.                                                       | 30
            debt | How about 3 months?                                                   | 90
            debt | a week and a half                                                     | 10.5
            debt | We can wire it within 10 business days.                               | 10
            debt | One day. That's all you get.                                          | 1
            debt | I'll pay in a day if the bank clears it.                              | 1
            debt | I could stretch to forty-five days.                                   | 45
            debt | forty five days                                                       | 45
            debt | one hundred and twenty days is realistic for a business like mine.    | 120
            debt | a hundred days                                                        | 100
            debt | Let's say two and a half weeks.                                       | 17.5
            debt | a couple of weeks                                                     | 14
            debt | a couple weeks                                                        | 14
            debt | Just give me a few days.                                              | none
            debt | 30 days? No. 20 days is my final offer.                               | 20
            debt | I said 60 days before, now I can do 50 days.                          | 50
            debt | Somewhere between 30 and 45 days.                                     | 45
            debt | 30 to 45 days                                                         | 45
            debt | 30-45 days                                                            | 45
            debt | a week or two                                                         | 14
            debt | The outstanding balance is $5,000 and I owe 5000 dollars in interest. | none
            debt | I can pay $5,000 within 60 days.                                      | 60
            debt | Recovery probability is 40% at best.                                  | none
            debt | Give me five minutes to check with my accountant.                     | none
            debt | I have 3 kids and 2 employees to pay.                                 | none
            debt | Regarding case 12, the debtor owes a lot.                             | none
            debt | Call me at 10:30 AM tomorrow.                                         | none
            debt | The invoice is 90 days overdue.                                       | none
            debt | I was paid 3 months ago.                                              | none
            debt | I've been in business 15 years.                                       | none
            debt | I can pay in 0 days.                                                  | 0
            debt | Fine, 100000 days.                                                    | 100000
            debt | I can pay $50 a day until it's cleared.                               | none
            debt | 2 weeks and 3 days                                                    | 17
            debt | A 30-day extension would save my shop.                                | 30
            debt | For the last two weeks sales have collapsed; I need 8 weeks.          | 56
            debt | I won't wait a day longer than 14 days.                               | 14
            debt | I can't do 20 days; 25 days at most.                                  | 25
            debt | I'll pay by the 15th of next month.                                   | none
            debt | We can do it in 7 days, or 10 days at the latest.                     | 10
            medical | The surgery can happen in 3 weeks.                                 | 21
            medical | A 72-year-old patient cannot wait six months.                      | 180
            medical | She is 72 years old and needs it within 2 weeks.                   | 14
            medical | Two surgeons are available; the operation takes 3 hours.           | none
            medical | I've waited 90 days already.                                       | none
            medical | Could we schedule it in a month and a half?                        | 45
            medical | We can book you in twenty one days.                                | 21
            medical | The junior surgeon could see you in 10 days, the senior in 40 days.| 40
            medical | I'm 15 and my mother is 45.                                        | none
            disaster | We will reach you in 45 minutes.                                  | 45
            disaster | Hold on for 90 min.                                               | 90
            disaster | The team needs 2 hours.                                           | 120
            disaster | an hour and a half                                                | 90
            disaster | Stay calm, half an hour more.                                     | none
            disaster | half an hour                                                      | 30
            disaster | 1.5 hours                                                         | 90
            disaster | An hour, tops.                                                    | 60
            disaster | ETA 1 hr 15 min.                                                  | 75
            disaster | two and a half hours                                              | 150
            disaster | 2 hours and 30 minutes                                            | 150
            disaster | Can you last 30-45 minutes?                                       | 45
            disaster | I've been trapped for 2 days with 3 people.                       | none
            disaster | Wait a minute, that is too long!                                  | none
            disaster | Maybe 60 minutes. No, 75 minutes.                                 | 75
            disaster | Case 12: the building collapsed at 3:15 PM.                       | none
            disaster | I can hold out an hour or two.                                    | 120
            disaster | a half-hour                                                       | 30
            disaster | 2h                                                                | 120
            disaster | Two weeks of supplies won't help me.                              | none
            student | 10:30 PM                                                           | 90
            student | How about 11 pm?                                                   | 120
            student | 11:15 p.m. is fine                                                 | 135
            student | I'll be in bed by midnight.                                        | 180
            student | 12:30 AM                                                           | 210
            student | Let me stay up until 1:30 AM, please!                              | 270
            student | half past ten                                                      | 90
            student | quarter to eleven                                                  | 105
            student | a quarter past eleven                                              | 135
            student | 10 o'clock                                                         | 60
            student | ten o'clock                                                        | 60
            student | 12 o'clock                                                         | 180
            student | 2 o'clock                                                          | 300
            student | 6 o'clock                                                          | none
            student | I'm 15, I can stay up as late as I want.                           | none
            student | I have 3 hours of homework and 2 tests.                            | none
            student | Not 1 AM, let's say 11:30 PM.                                      | 150
            student | I get up at 6:30 AM for school, so 10 PM it is.                    | 60
            student | I wake up at 7 am.                                                 | none
            student | Let's go to bed at 10:30.                                          | 90
            student | ten thirty pm                                                      | 90
            student | eleven tonight                                                     | 120
            student | 9 pm                                                               | 0
            student | 8:30 PM                                                            | -30
            student | twenty to eleven                                                   | 100
            student | ten to eleven                                                      | none
            student | ten minutes to midnight                                            | 170
            student | half past midnight                                                 | 210
            student | 11.30pm                                                            | 150
            student | 22:30                                                              | 90
            student | Between 10 and 11 pm.                                              | 120
            student | I want to sleep 30 minutes later.                                  | none
            """)
    void parsesOffers(String domain, String text, String expected) {
        check(domain, text, expected);
    }

    @Test
    void parseAllKeepsEveryOfferInTextOrder() {
        assertEquals(List.of(30.0, 14.0, 45.0),
                OfferParser.parseAll(Domain.DEBT, "Not 30 days, not two weeks: 45 days."));
        assertEquals(List.of(90.0, 120.0),
                OfferParser.parseAll(Domain.STUDENT, "Either 10:30 PM or 11 pm."));
        assertEquals(List.of(), OfferParser.parseAll(Domain.DISASTER, "We are on our way."));
    }

    @Test
    void sameTextMeansDifferentThingsPerDomain() {
        String text = "We need 2 hours, or maybe 3 days, and bed at 11 pm.";
        assertEquals(3.0, OfferParser.parse(Domain.MEDICAL, text).getAsDouble());
        assertEquals(120.0, OfferParser.parse(Domain.DISASTER, text).getAsDouble());
        assertEquals(120.0, OfferParser.parse(Domain.STUDENT, text).getAsDouble());
    }

    @Test
    void emptyAndNullTextHaveNoOffer() {
        assertTrue(OfferParser.parse(Domain.DEBT, null).isEmpty());
        assertTrue(OfferParser.parse(Domain.DEBT, "   ").isEmpty());
        assertThrows(NullPointerException.class, () -> OfferParser.parse(null, "5 days"));
    }

    @Test
    void curlyApostrophesAndDashesAreNormalised() {
        assertEquals(60.0, OfferParser.parse(Domain.STUDENT, "10 o\u2019clock").getAsDouble());
        assertEquals(45.0, OfferParser.parse(Domain.DEBT, "30\u201345 days").getAsDouble());
    }
}
