package dev.emodistill.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BedtimeTest {
    @ParameterizedTest
    @CsvSource({"9:00 PM,0", "10:30 PM,90", "8:30 PM,-30", "11:59 PM,179", "12:00 AM,180", "12:30 AM,210",
            "1:30 AM,270", "4:00 AM,420", "11:15 p.m.,135"})
    void parsesAndFormats(String clock, int minutes) {
        assertEquals(minutes, Bedtime.parseFirst(clock).getAsInt());
        if (!clock.contains(".")) {
            assertEquals(clock, Bedtime.format(minutes));
        }
    }
}
