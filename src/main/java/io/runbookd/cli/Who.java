package io.runbookd.cli;

/** Who starts a run from the command line: the operating system's user name when it is a plain one. */
final class Who {
  private Who() {}

  static String user() {
    String name = System.getProperty("user.name", "");
    return name.matches("[A-Za-z0-9@._ -]{1,128}") ? name : "cli";
  }
}
