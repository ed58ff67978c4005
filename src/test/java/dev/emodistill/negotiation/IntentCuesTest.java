package dev.emodistill.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.emodistill.negotiation.IntentCues.Intent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class IntentCuesTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            I accept                                                      | ACCEPT
            Deal.                                                         | ACCEPT
            agreed                                                        | ACCEPT
            you have a deal                                               | ACCEPT
            that works for me, let's do it                                | ACCEPT
            Okay, deal! 45 days it is.                                    | ACCEPT
            It's a deal, 30 days then.                                    | ACCEPT
            I accept your offer of 21 days.                               | ACCEPT
            We accept 10:30 PM.                                           | ACCEPT
            Fine. I agree to that.                                        | ACCEPT
            You've got yourself a deal.                                   | ACCEPT
            No problem, I accept.                                         | ACCEPT
            I\u2019ll take it.                                            | ACCEPT
            I'm not walking away. I accept.                               | ACCEPT
            I'm walking away                                              | WALK_AWAY
            no deal, goodbye                                              | WALK_AWAY
            I'm ending this conversation                                  | WALK_AWAY
            we're done here                                               | WALK_AWAY
            I can't accept that. I'm walking away from the table.         | WALK_AWAY
            No deal, I'm leaving.                                         | WALK_AWAY
            This negotiation is over.                                     | WALK_AWAY
            Sorry, but I am done negotiating with you.                    | WALK_AWAY
            I can't accept that                                           | NONE
            I won't agree to that                                         | NONE
            that is not a deal I can take                                 | NONE
            I'm not walking away                                          | NONE
            I do not accept these terms.                                  | NONE
            Deal?                                                         | NONE
            Do you accept 30 days?                                        | NONE
            If you can do 30 days, I accept.                              | NONE
            I accept, but only with a written plan.                       | NONE
            I agree with your concern, but 14 days is too short.          | NONE
            I accept that you are upset.                                  | NONE
            I would accept 40 days.                                       | NONE
            Maybe we have a deal.                                         | NONE
            Deal with it.                                                 | NONE
            No deal. How about 20 days?                                   | NONE
            If you refuse again, I'm walking away.                        | NONE
            I'll walk away unless you move.                               | NONE
            Please don't walk away.                                       | NONE
            I'm leaving it at 30 days.                                    | NONE
            I'm out of options here.                                      | NONE
            Thank you, goodbye.                                           | NONE
            As we agreed last week, the balance is due.                   | NONE
            Deal. Actually no, I'm walking away.                          | NONE
            """)
    void detectsExplicitIntent(String text, Intent expected) {
        assertEquals(expected, IntentCues.detect(text.replace("\\u2019", "\u2019")), text);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void blankTextHasNoIntent(String text) {
        assertEquals(Intent.NONE, IntentCues.detect(text));
    }
}
