package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.metrics.Metrics;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Leases as two replicas see them: short, renewed while held, fencing every write of a lost one. */
class LeaseStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TTL = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private Store store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private LeaseStore open(StoreKind kind) {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    return new LeaseStore(store);
  }

  private String incident() throws Exception {
    return new Intake(store, JSON).submit(List.of(IncidentStoreTest.draft("fp-lease", Instant.parse(
        "2025-10-12T14:03:27Z"), Alert.Status.FIRING))).get(10, TimeUnit.SECONDS).get(0).incidentId();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aRenewedLeaseOutlivesItsFirstTermAndNobodyElseCanClaimIt(StoreKind kind) throws Exception {
    LeaseStore leases = open(kind);
    String id = incident();
    Lease a = leases.claim(id, "runbookd@node/aaaaaa", TTL).orElseThrow();

    boolean renewed = true;
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(20));
      renewed &= leases.renew(a, TTL);
    }

    assertThat(renewed).isTrue();
    assertThat(leases.due(clock.instant(), 10)).as("80 s after a 30 s claim, still held").doesNotContain(id);
    assertThat(leases.claim(id, "runbookd@node/bbbbbb", TTL)).isEmpty();
    assertThat(leases.claim(id, a.owner(), TTL)).as("not even by the same owner name").isEmpty();
    store.write(tx -> {
      LeaseStore.fence(tx, a);
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aLeaseNotRenewedIsTakenWithAGreaterTokenAndTheLoserCanNeitherRenewNorWrite(StoreKind kind)
      throws Exception {
    LeaseStore leases = open(kind);
    String id = incident();
    Lease a = leases.claim(id, "runbookd@node/aaaaaa", TTL).orElseThrow();
    clock.advance(TTL.plusSeconds(1));

    Lease b = leases.claim(id, "runbookd@node/bbbbbb", TTL).orElseThrow();

    assertThat(b.token()).isGreaterThan(a.token());
    assertThat(leases.renew(a, TTL)).isFalse();
    assertThatThrownBy(() -> store.write(tx -> {
      StepStore.start(tx, id, "remediate:restart", "{}", Optional.empty());
      LeaseStore.fence(tx, a);
      return null;
    })).isInstanceOf(LeaseStore.LeaseLost.class).hasMessageContaining("token " + a.token());
    assertThat(new StepStore(store).steps(id)).as("the whole write was refused").isEmpty();
    leases.release(a);
    assertThat(leases.claim(id, "runbookd@node/cccccc", TTL)).as("the loser's release frees nothing").isEmpty();
    store.write(tx -> {
      LeaseStore.fence(tx, b);
      StepStore.start(tx, id, "remediate:restart", "{}", Optional.empty());
      return null;
    });
    assertThat(new StepStore(store).steps(id)).containsKey("remediate:restart");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aLeaseOnceExpiredCannotBeRenewedEvenWhenNobodyTookIt(StoreKind kind) throws Exception {
    LeaseStore leases = open(kind);
    String id = incident();
    Lease a = leases.claim(id, "runbookd@node/aaaaaa", TTL).orElseThrow();

    clock.advance(TTL.plusSeconds(1));

    assertThat(leases.renew(a, TTL)).isFalse();
    assertThatThrownBy(() -> store.write(tx -> {
      LeaseStore.fence(tx, a);
      return null;
    })).isInstanceOf(LeaseStore.LeaseLost.class);
    assertThat(leases.due(clock.instant(), 10)).contains(id);
  }
}
