package io.runbookd.console;

import io.runbookd.api.Access.Role;
import java.util.Optional;

/**
 * Who is looking at a console page: a signed-in session, or a loopback peer reading while no
 * token is configured (no session, so it can never change anything).
 *
 * @param csrf the token this viewer's forms carry; empty without a session
 */
record Viewer(Role role, Optional<Sessions.Session> session, Optional<String> csrf) {
  /** Whether forms that change something are shown: an admin session. */
  boolean mayDecide() {
    return role == Role.ADMIN && session.isPresent() && csrf.isPresent();
  }

  String label() {
    String who = session.map(Sessions.Session::name).orElse("loopback");
    return who + " · " + (role == Role.ADMIN ? "admin" : "read-only");
  }
}
