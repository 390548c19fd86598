package io.brokerbook.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SideBySideTest {
    @Test
    void warmsUpThenRotatesWhoGoesFirstEquallyOften() {
        List<String> calls = new ArrayList<>();
        new SideBySide("order", SideBySide.Metric.higher("", "x"))
            .side("a", recorded("a", calls))
            .side("b", recorded("b", calls))
            .run(1, 3);
        // 3 rounds asked of 2 sides: 4 run, so that each side goes first twice
        assertEquals(List.of("aw1", "bw1", "ar1", "br1", "br2", "ar2", "ar3", "br3", "br4", "ar4"), calls);
    }

    @Test
    void oneSideRunsTheRoundsAsked() {
        List<String> calls = new ArrayList<>();
        new SideBySide("alone", SideBySide.Metric.higher("", "x"))
            .side("a", recorded("a", calls))
            .run(0, 3);
        assertEquals(List.of("ar1", "ar2", "ar3"), calls);
    }

    /** A side that notes each call (its name and the round's id) and measures 1. */
    private static SideBySide.Run recorded(String side, List<String> calls) {
        return round -> {
            calls.add(side + round.id());
            return new double[] {1};
        };
    }

    @Test
    void aFailedRoundCountsAsTheWorstValueOnItsOwnSideOnly() {
        double[] ours = {10, 20, 30, 40, 50, 60};
        SideBySide.Results r = new SideBySide("failures", SideBySide.Metric.higher("rate", "rec/s"),
            SideBySide.Metric.lower("p50", "ms"))
            .side("ours", round -> {
                if (round.number() == 2 && !round.warmUp()) {
                    throw new SideBySide.Incomplete("read 3 of 5 records");
                }
                return new double[] {ours[round.number() - 1], 1};
            })
            .side("theirs", round -> new double[] {25, 2})
            .run(0, 6);
        // ours: 10, 0 (failed), 30, 40, 50, 60 -> median 35 (dropping the failure would have given 40)
        assertEquals(35, r.median("ours", 0));
        assertEquals(1, r.median("ours", 1)); // p50: 1, infinite (failed), 1, 1, 1, 1
        assertEquals(1, r.failed("ours"));
        assertEquals(0, r.failed("theirs"));
        assertEquals(25, r.median("theirs", 0));
        assertEquals(1.4, r.ratio("ours", "theirs", 0), 1e-9);
        // per round 10/25, 30/25, 40/25, 50/25, 60/25 (round 2 failed on our side: left out) -> 1.6
        assertEquals(1.6, r.pairedRatio("ours", "theirs", 0), 1e-9);
    }

    @Test
    void thePairedRatioComparesTheRunsOfEachRound() {
        // the machine gets busier from round to round (both sides of a round alike); the bare side stalls in round 3
        double[] load = {1, 2, 3, 4, 5, 6};
        SideBySide.Results r = new SideBySide("paired", SideBySide.Metric.higher("", "msg/s"))
            .side("harness", round -> new double[] {round.warmUp() ? 1 : 90 / load[round.number() - 1]})
            .side("bare", round -> new double[] {round.warmUp() ? 1 : 100 / load[round.number() - 1] / (round.number() == 3 ? 2 : 1)})
            .run(0, 6);
        // medians: harness (90/4 + 90/3) / 2 = 26.25, bare (100/5 + 100/4) / 2 = 22.5: 1.17; per round 0.9 but in
        // round 3 (1.8): 0.90
        assertEquals(26.25 / 22.5, r.ratio("harness", "bare", 0), 1e-9);
        assertEquals(0.9, r.pairedRatio("harness", "bare", 0), 1e-9);
    }

    @Test
    void aSideThatFailsMostRoundsHasNoRatio() {
        SideBySide.Results r = new SideBySide("mostly failing", SideBySide.Metric.lower("", "s"))
            .side("ours", round -> {
                throw new IllegalStateException("boom");
            })
            .side("theirs", round -> new double[] {1})
            .run(0, 4);
        assertEquals(4, r.failed("ours"));
        assertTrue(Double.isInfinite(r.median("ours", 0)));
        assertTrue(Double.isNaN(r.ratio("ours", "theirs", 0)));
    }
}
