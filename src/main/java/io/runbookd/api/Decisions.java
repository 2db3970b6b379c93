package io.runbookd.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.escalation.Escalations;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.RuntimeSettings;
import io.runbookd.store.Store;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a human decides, whichever door it comes through (the admin API, the console, Slack):
 * approve or deny a waiting step, acknowledge an incident, pull or release the kill switch. Each
 * decision is recorded (who, when) before it is answered. Blocking: call it off the event loop.
 */
public final class Decisions {
  /** An HTTP-shaped result: the status and the JSON body the admin API answers with. */
  public record Answer(int status, Map<String, Object> body) {
    public boolean ok() {
      return status == 200;
    }

    /** The body's "error", or "" when there is none. */
    public String error() {
      return String.valueOf(body.getOrDefault("error", ""));
    }
  }

  private final Store store;
  private final GuardStore guards;
  private final IncidentStore incidents;
  private final Escalations escalations;
  private final Runnable wake;

  public Decisions(Store store, Escalations escalations, Runnable wake, ObjectMapper json) {
    this.store = store;
    this.guards = new GuardStore(store);
    this.incidents = new IncidentStore(store, json);
    this.escalations = escalations;
    this.wake = wake;
  }

  /**
   * Decides the incident's waiting step ({@code "approved"} or {@code "denied"}). One conditional
   * update decides: of two concurrent decisions one wins and the other gets {@code 409} with the
   * decision that stands; so does a decision on an incident that waits for nothing (resolved, timed
   * out, escalated).
   */
  public Answer decide(String id, String decision, String by) {
    if (!decision.equals("approved") && !decision.equals("denied")) {
      throw new IllegalArgumentException("a decision is approved or denied");
    }
    Optional<Incident> incident = incidents.get(id);
    if (incident.isEmpty()) {
      return new Answer(404, Map.of("error", "no such incident " + Who.id(id)));
    }
    Set<String> steps = store.write(tx -> {
      Set<String> decided = GuardStore.decide(tx, id, decision, by);
      if (!decided.isEmpty()) {
        Timeline.append(tx, id, TimelineLine.of("approval_" + decision,
            String.join(", ", decided) + " " + decision + " by " + by));
        incidents.reschedule(tx, id, tx.now());
      }
      return decided;
    });
    if (steps.isEmpty()) {
      return new Answer(409, conflict(incident.get()));
    }
    wake.run();
    return new Answer(200, Map.of("incident", id, "steps", steps, "decision", decision, "by", by));
  }

  private Map<String, Object> conflict(Incident incident) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<GuardStore.Approval> approvals = guards.approvals(incident.id());
    Optional<GuardStore.Approval> decided = approvals.stream().filter(a -> a.decision().isPresent())
        .reduce((a, b) -> b);
    if (decided.isPresent()) {
      out.put("error", "already decided: " + decided.get().stepId() + " " + decided.get().decision().get()
          + " by " + decided.get().by().orElse("?"));
      out.put("decision", decided.get().decision().get());
      out.put("by", decided.get().by().orElse(null));
    } else if (incident.status() != IncidentStatus.AWAITING_APPROVAL) {
      out.put("error", "nothing waits for approval: the incident is " + incident.status().wire());
    } else {
      out.put("error", "the approval window has closed; the incident escalates");
    }
    out.put("status", incident.status().wire());
    return out;
  }

  /** A human has taken the incident: escalation to further levels stops. */
  public Answer ack(String id, String by) {
    boolean acked = store.write(tx -> {
      if (!incidents.acknowledge(tx, id, by)) {
        return false;
      }
      Timeline.append(tx, id, TimelineLine.of("acknowledged", "acknowledged by " + by));
      escalations.acknowledged(tx, id);
      return true;
    });
    if (!acked) {
      return new Answer(404, Map.of("error", "no unacknowledged incident " + Who.id(id)));
    }
    return new Answer(200, Map.of("incident", id, "acknowledged", true, "by", by));
  }

  /** Pulls ({@code paused}) or releases the kill switch, with who and why, in one commit. */
  public Answer pause(boolean paused, String by, Optional<String> reason) {
    store.write(tx -> {
      GuardStore.setPaused(tx, paused, by);
      RuntimeSettings.put(tx, RuntimeSettings.PAUSED_REASON, reason.orElse(""), by);
      return null;
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("paused", paused);
    out.put("by", by);
    reason.ifPresent(r -> out.put("reason", r));
    return new Answer(200, out);
  }
}
