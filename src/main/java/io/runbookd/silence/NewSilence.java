package io.runbookd.silence;

import java.time.Instant;

/** A silence to create: what it matches, from when until when, and the comment that names it. */
record NewSilence(Matchers matchers, Instant startsAt, Instant endsAt, String comment) {}
