package io.runbookd.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.api.Access;
import io.runbookd.api.Decisions;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.store.RuntimeSettings;
import io.runbookd.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The web console, served by the daemon: {@code GET /} lists incidents, everything else lives
 * under {@code /console/}. Pages are rendered here, escaped throughout; a small script from
 * {@code /console/static/} keeps them live. Every answer carries {@link SecurityHeaders}; every
 * change is a form post with a CSRF token, decided through the same {@link Decisions} as the API.
 */
public final class Console {
  /** The setting that holds the per-install key sessions are signed with. */
  static final String KEY_SETTING = "console_key";

  private final Vertx vertx;
  private final Store store;
  private final Clock clock;
  private final ObjectMapper json;
  private final Keys keys;
  private final Sessions sessions;
  private final Access access;
  private final Assets assets = new Assets();
  private final Layout layout = new Layout(assets);

  private Console(Vertx vertx, Store store, RunbookdConfig.Api api, Clock clock, ObjectMapper json) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.json = json;
    String key = new RuntimeSettings(store).getOrCreate(KEY_SETTING, Keys::newInstallKey);
    this.keys = new Keys(Base64.getDecoder().decode(key));
    this.sessions = new Sessions(keys, api, clock);
    this.access = new Access(api, sessions);
  }

  /** Reads (or, on a new install, creates) the signing key from the store; blocking. */
  public static Console open(Vertx vertx, Store store, RunbookdConfig.Api api, Clock clock, ObjectMapper json) {
    return new Console(vertx, store, api, clock, json);
  }

  /** Who a request is, console sessions included: the API's read gate and admin routes ask this. */
  public Access access() {
    return access;
  }

  /** What the console shows and decides with, besides the store. */
  public record Parts(Decisions decisions, RuleRegistry rules, List<String> pagers,
      Supplier<Map<String, Object>> status) {}

  public void mount(Router router, Parts parts) {
    SignIn signIn = new SignIn(access, sessions, keys, layout);
    ConsoleViews views = new ConsoleViews(vertx, store, parts, layout, json, clock, router);
    ConsoleActions actions = new ConsoleActions(vertx, parts.decisions(), layout);
    router.route("/").handler(SecurityHeaders::handle);
    router.route("/console/*").handler(SecurityHeaders::handle);
    router.get("/console/static/:name").handler(assets::serve);
    router.get("/console/sign-in").handler(signIn::form);
    BodyHandler form = BodyHandler.create(false).setBodyLimit(8192).setMergeFormAttributes(false);
    router.post("/console/sign-in").handler(form).handler(signIn::submit);
    router.post("/console/sign-out").handler(form).handler(ctx -> posted(ctx, false, v -> signIn.signOut(ctx)));
    router.get("/").handler(ctx -> viewed(ctx, v -> views.list(ctx, v)));
    router.get("/console/changes").handler(ctx -> viewed(ctx, v -> views.changes(ctx)));
    router.get("/console/incidents/:id").handler(ctx -> viewed(ctx, v -> views.incident(ctx, v)));
    router.get("/console/incidents/:id/confirm").handler(ctx -> viewed(ctx, v -> views.confirm(ctx, v)));
    router.get("/console/runbooks").handler(ctx -> viewed(ctx, v -> views.runbooks(ctx, v)));
    router.get("/console/status").handler(ctx -> viewed(ctx, v -> views.status(ctx, v)));
    router.get("/console/pause").handler(ctx -> viewed(ctx, v -> views.killSwitchForm(ctx, v, true)));
    router.get("/console/resume").handler(ctx -> viewed(ctx, v -> views.killSwitchForm(ctx, v, false)));
    router.post("/console/incidents/:id/:decision").handler(form)
        .handler(ctx -> posted(ctx, true, v -> actions.decide(ctx, v)));
    router.post("/console/pause").handler(form).handler(ctx -> posted(ctx, true, v -> actions.pause(ctx, v, true)));
    router.post("/console/resume").handler(form).handler(ctx -> posted(ctx, true, v -> actions.pause(ctx, v, false)));
  }

  /** Who is looking: a valid session, or a loopback peer while no token is configured. */
  Optional<Viewer> viewer(RoutingContext ctx) {
    Optional<Sessions.Session> session = sessions.read(ctx);
    if (session.isPresent()) {
      return Optional.of(new Viewer(session.get().role(), session, Optional.of(sessions.csrf(session.get()))));
    }
    return access.role(ctx).filter(r -> !access.tokensConfigured())
        .map(r -> new Viewer(r, Optional.empty(), Optional.empty()));
  }

  private void viewed(RoutingContext ctx, java.util.function.Consumer<Viewer> page) {
    Optional<Viewer> viewer = viewer(ctx);
    if (viewer.isPresent()) {
      page.accept(viewer.get());
    } else if (ctx.normalizedPath().equals("/console/changes")) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json").end("{\"signIn\":true}");
    } else {
      String path = ctx.request().uri();
      Pages.redirect(ctx, "/console/sign-in" + (path.equals("/") ? "" : "?next="
          + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  /**
   * A form post changes something only with a session, its CSRF token and, when the browser
   * names one, this console as its origin; {@code admin} posts also need the admin role.
   */
  private void posted(RoutingContext ctx, boolean admin, java.util.function.Consumer<Viewer> action) {
    Optional<Sessions.Session> session = sessions.read(ctx);
    String why = session.isEmpty() ? "You are not signed in (or your session expired)."
        : !sessions.csrfMatches(session.get(), ctx.request().getFormAttribute("csrf"))
            ? "The form did not carry this session's token (CSRF): nothing was changed."
        : !Pages.sameOrigin(ctx) ? "The request did not come from this console: nothing was changed."
        : admin && session.get().role() != Access.Role.ADMIN ? "The read token cannot decide: sign in with api.token."
        : null;
    if (why != null) {
      Pages.html(ctx, session.isEmpty() ? 401 : 403, layout.bare("Refused",
          Forms.refused("Refused", why, "/")));
      return;
    }
    Sessions.Session s = session.get();
    action.accept(new Viewer(s.role(), session, Optional.of(sessions.csrf(s))));
  }
}
