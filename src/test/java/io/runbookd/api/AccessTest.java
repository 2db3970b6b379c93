package io.runbookd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final String ADMIN = "admin-token-0123456789";
  private static final String READ = "read-token-0123456789";

  @Test
  void onlyLiteralLoopbackAddressesAreLoopback() {
    assertThat(Access.loopback("127.0.0.1")).isTrue();
    assertThat(Access.loopback("127.8.9.10")).isTrue();
    assertThat(Access.loopback("::1")).isTrue();
    assertThat(Access.loopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(Access.loopback("::ffff:127.0.0.1")).isTrue();

    assertThat(Access.loopback("10.0.0.1")).isFalse();
    assertThat(Access.loopback("128.0.0.1")).isFalse();
    assertThat(Access.loopback("localhost")).isFalse();
    assertThat(Access.loopback("127.0.0.1.example.com")).isFalse();
    assertThat(Access.loopback("::2")).isFalse();
    assertThat(Access.loopback((String) null)).isFalse();
  }

  @Test
  void eachTokenGrantsItsRoleAndNothingElseGrantsAny() {
    Access access = new Access(new RunbookdConfig.Api(Optional.of(Secret.of(ADMIN)), Optional.of(Secret.of(READ))),
        Access.Sessions.none());

    assertThat(access.tokenRole(ADMIN)).contains(Access.Role.ADMIN);
    assertThat(access.tokenRole(READ)).contains(Access.Role.READ);
    assertThat(access.tokenRole(ADMIN + " ")).isEmpty();
    assertThat(access.tokenRole("")).isEmpty();
    assertThat(access.tokenRole(null)).isEmpty();
    assertThat(access.tokensConfigured()).isTrue();
  }

  @Test
  void withoutTokensNothingGrantsARole() {
    Access access = new Access(new RunbookdConfig.Api(Optional.empty(), Optional.empty()), Access.Sessions.none());

    assertThat(access.tokensConfigured()).isFalse();
    assertThat(access.adminConfigured()).isFalse();
    assertThat(access.tokenRole("anything-at-all-0123")).isEmpty();
  }
}
