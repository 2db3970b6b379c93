package io.runbookd.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a running daemon is and the admin token to present: {@code --server URL} (default {@code
 * http://127.0.0.1:9095}) and {@code --token T} or {@code --token-file F}, else the environment's
 * {@code RUNBOOKD_API_TOKEN}. The token is sent, never printed.
 */
final class ServerOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:9095";

  @Option(names = "--server", paramLabel = "URL", defaultValue = DEFAULT_SERVER,
      description = "The daemon's URL (default: ${DEFAULT-VALUE}).")
  String server;

  @ArgGroup(exclusive = true)
  Token token;

  static final class Token {
    @Option(names = "--token", paramLabel = "T", description = "The api.token (else RUNBOOKD_API_TOKEN).")
    String value;

    @Option(names = "--token-file", paramLabel = "F", description = "A file holding the api.token.")
    Path file;
  }

  /** A usage problem with the options, said in one line. */
  static final class OptionsException extends Exception {
    private static final long serialVersionUID = 1L;

    OptionsException(String message) {
      super(message);
    }
  }

  ApiClient client() throws OptionsException {
    URI uri;
    try {
      uri = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    } catch (IllegalArgumentException e) {
      throw new OptionsException("--server: not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
      throw new OptionsException("--server: give http(s)://host[:port][/path], without user information or query");
    }
    return new ApiClient(uri, token());
  }

  private Optional<String> token() throws OptionsException {
    if (token != null && token.value != null) {
      return Optional.of(token.value.trim());
    }
    if (token != null && token.file != null) {
      try {
        return Optional.of(Files.readString(token.file, StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        throw new OptionsException("--token-file: cannot read " + token.file);
      }
    }
    return Optional.ofNullable(System.getenv("RUNBOOKD_API_TOKEN")).map(String::trim).filter(t -> !t.isEmpty());
  }
}
