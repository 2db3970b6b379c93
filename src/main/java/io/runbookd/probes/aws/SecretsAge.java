package io.runbookd.probes.aws;

import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsErrors;
import io.runbookd.aws.AwsNames;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;

/**
 * RB-201's "secrets older than 90 days": Secrets Manager ListSecrets, metadata only (runbookd never
 * calls GetSecretValue and needs no permission to), the secrets whose age ({@link SecretFacts})
 * exceeds {@code max_age_days}, oldest first, with which of them have rotation configured. At most
 * {@value #MAX_PAGES} pages of 100 secrets are read.
 */
public final class SecretsAge implements Probe<SecretsAgeParams> {
  public static final String SYSTEM = "aws:secretsmanager";
  static final String OPERATION = "Secrets Manager ListSecrets";
  static final int MAX_PAGES = 10;
  static final int SHOWN = 100;

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.secrets_age",
          "Lists the Secrets Manager secrets not rotated or changed for max_age_days (metadata"
              + " only, never a value), and which have rotation configured.",
          "- id: old_secrets\n  probe: aws.secrets_age\n  params: {max_age_days: 90}",
          List.of(
              Param.optional(
                  "max_age_days",
                  ParamType.INTEGER,
                  "age in days from which a secret is listed, 1 to 3650 (default 90)",
                  Checks.range(1, 3650)),
              Param.optional(
                  "name_prefix",
                  ParamType.STRING,
                  "only secrets whose name starts with this, e.g. nba-mcp/",
                  AwsNames.SECRET_PREFIX)),
          List.of("IAM: secretsmanager:ListSecrets"));

  private final AwsClients clients;
  private final Clock clock;

  public SecretsAge(AwsClients clients, Clock clock) {
    this.clients = Objects.requireNonNull(clients);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public SecretsAgeParams bind(Params params) {
    return new SecretsAgeParams(
        params.integer("max_age_days", 90), params.optionalString("name_prefix"));
  }

  @Override
  public String system(SecretsAgeParams params) {
    return SYSTEM;
  }

  @Override
  public Finding run(SecretsAgeParams p) throws Exception {
    Instant now = clock.instant();
    List<SecretFacts> all = new ArrayList<>();
    boolean truncated = list(p, all);
    List<SecretFacts> old =
        all.stream()
            .filter(s -> s.ageDays(now) > p.maxAgeDays())
            .sorted(Comparator.comparing((SecretFacts s) -> s.ageDays(now)).reversed())
            .toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("secrets", old.stream().limit(SHOWN).map(s -> s.toData(now)).toList());
    data.put("count", (long) old.size());
    data.put("checked", (long) all.size());
    data.put("rotatable", names(old, true));
    data.put("not_rotatable", names(old, false));
    data.put("truncated", truncated);
    return new Finding(data, summary(p, old, all.size(), now));
  }

  /** Reads pages into {@code into}; true when more pages were left unread. */
  private boolean list(SecretsAgeParams p, List<SecretFacts> into) throws Exception {
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ListSecretsResponse answer = page(p, token);
      answer.secretList().stream().map(SecretFacts::of).forEach(into::add);
      token = answer.nextToken();
      if (token == null || token.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private ListSecretsResponse page(SecretsAgeParams p, String token) throws Exception {
    ListSecretsRequest.Builder request =
        ListSecretsRequest.builder().maxResults(100).nextToken(token);
    p.namePrefix()
        .ifPresent(
            prefix ->
                request.filters(
                    Filter.builder().key(FilterNameStringType.NAME).values(prefix).build()));
    try {
      return clients.secretsManager().listSecrets(request.build());
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(OPERATION, e);
    }
  }

  private static List<String> names(List<SecretFacts> secrets, boolean rotation) {
    return secrets.stream()
        .filter(s -> s.rotationEnabled() == rotation)
        .limit(SHOWN)
        .map(SecretFacts::name)
        .toList();
  }

  private static String summary(
      SecretsAgeParams p, List<SecretFacts> old, int checked, Instant now) {
    String head =
        old.size()
            + " of "
            + checked
            + " secrets"
            + p.namePrefix().map(n -> " named " + n + "*").orElse("")
            + " unchanged for more than "
            + p.maxAgeDays()
            + " days";
    if (old.isEmpty()) {
      return head;
    }
    return head
        + ": "
        + old.stream()
            .limit(10)
            .map(
                s ->
                    Checks.clip(s.name())
                        + " ("
                        + s.ageDays(now)
                        + "d"
                        + (s.rotationEnabled() ? ", rotation on" : ", no rotation")
                        + ")")
            .collect(Collectors.joining(", "))
        + (old.size() > 10 ? ", …" : "");
  }
}
