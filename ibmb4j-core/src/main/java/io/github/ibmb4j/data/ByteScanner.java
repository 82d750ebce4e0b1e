package io.github.ibmb4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipException;

/**
 * A streaming tokenizer for numeric text files (CSV or whitespace separated, optional comment lines):
 * parses integers and floats straight from a byte buffer, without creating a String per line or token
 * on the fast path. Tracks the line number for error messages. Not thread-safe.
 */
final class ByteScanner implements AutoCloseable {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private final InputStream in;
  private final String name;
  private final byte[] buf = new byte[1 << 16];
  private final byte[] tok = new byte[128];
  private int pos;
  private int lim;
  private long line = 1;
  private int tokLen;

  ByteScanner(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  String name() {
    return name;
  }

  long line() {
    return line;
  }

  private int peek() throws IOException {
    if (pos == lim) {
      try {
        lim = in.read(buf, 0, buf.length);
      } catch (ZipException | EOFException e) {
        throw new DatasetFormatException(name + ": corrupt or truncated compressed data near line "
            + line + " (" + e.getMessage() + ")", e);
      }
      pos = 0;
      if (lim <= 0) {
        lim = 0;
        return -1;
      }
    }
    return buf[pos] & 0xff;
  }

  /** Skips blank lines and lines starting with '#' or '%'; returns false at end of input. */
  boolean nextRecord() throws IOException {
    while (true) {
      int c = peek();
      if (c < 0) {
        return false;
      }
      if (c == '\n') {
        pos++;
        line++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '#' || c == '%') {
        skipLine();
      } else {
        return true;
      }
    }
  }

  /** Whether any input is left (blank lines count, unlike {@link #nextRecord}). */
  boolean hasMore() throws IOException {
    return peek() >= 0;
  }

  /** Skips to the start of the next line. */
  void skipLine() throws IOException {
    int c;
    while ((c = peek()) >= 0) {
      pos++;
      if (c == '\n') {
        line++;
        return;
      }
    }
  }

  /** Whether the rest of the current line holds only blanks (the record ended). */
  boolean atEndOfLine() throws IOException {
    int c;
    while ((c = peek()) == ' ' || c == '\t' || c == '\r') {
      pos++;
    }
    return c < 0 || c == '\n';
  }

  /** Consumes the end of line, failing if anything but blanks remains. */
  void endLine() throws IOException {
    if (!atEndOfLine()) {
      throw new DatasetFormatException(name + ":" + line + ": unexpected extra value '"
          + peekToken() + "', expected the end of the line");
    }
    if (peek() == '\n') {
      pos++;
      line++;
    }
  }

  /** Reads the next token (separators: blanks, one comma) into {@code tok}; empty if none. */
  private void token() throws IOException {
    int c;
    while ((c = peek()) == ' ' || c == '\t' || c == '\r') {
      pos++;
    }
    if (c == ',') {
      pos++;
      while ((c = peek()) == ' ' || c == '\t') {
        pos++;
      }
    }
    tokLen = 0;
    while ((c = peek()) >= 0 && c != ',' && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      if (tokLen == tok.length) {
        throw new DatasetFormatException(name + ":" + line + ": value longer than "
            + tok.length + " characters");
      }
      tok[tokLen++] = (byte) c;
      pos++;
    }
  }

  private String peekToken() throws IOException {
    token();
    return new String(tok, 0, tokLen, StandardCharsets.ISO_8859_1);
  }

  /** Whether the last token was empty (e.g. {@code 1,,2}). */
  boolean lastEmpty() {
    return tokLen == 0;
  }

  /** Next integer; throws naming the line when the token is not an integer. */
  long nextLong() throws IOException {
    token();
    if (tokLen == 0) {
      throw new DatasetFormatException(name + ":" + line + ": missing value, expected an integer");
    }
    long v = parseLong();
    if (v == Long.MIN_VALUE) {
      throw new DatasetFormatException(name + ":" + line + ": '" + text()
          + "' is not an integer, expected an integer");
    }
    return v;
  }

  /** The current token as an integer, Long.MIN_VALUE if it is not one. */
  private long parseLong() {
    int i = 0;
    boolean neg = false;
    if (tokLen > 0 && (tok[0] == '-' || tok[0] == '+')) {
      neg = tok[0] == '-';
      i = 1;
    }
    if (i == tokLen || tokLen - i > 18) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (; i < tokLen; i++) {
      int d = tok[i] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }

  String text() {
    return new String(tok, 0, tokLen, StandardCharsets.ISO_8859_1);
  }

  /**
   * Next label: an integer, an integral float such as {@code 3.0}, or -1 for {@code nan} / an empty
   * field (unlabelled).
   */
  long nextLabel() throws IOException {
    token();
    if (tokLen == 0) {
      return -1;
    }
    long v = parseLong();
    if (v != Long.MIN_VALUE) {
      return v;
    }
    double d = parseDouble();
    if (Double.isNaN(d)) {
      return -1;
    }
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new DatasetFormatException(name + ":" + line + ": label '" + text()
          + "' is not an integer class id");
    }
    return (long) d;
  }

  /** Next float; NaN/Inf are returned as such (callers reject them with context). */
  float nextFloat() throws IOException {
    token();
    if (tokLen == 0) {
      throw new DatasetFormatException(name + ":" + line + ": missing value, expected a number");
    }
    return (float) parseDouble();
  }

  private double parseDouble() throws DatasetFormatException {
    // Fast path: [sign] digits [. digits] [e[sign]digits] with at most 18 significant digits.
    int i = 0;
    boolean neg = false;
    if (tok[0] == '-' || tok[0] == '+') {
      neg = tok[0] == '-';
      i = 1;
    }
    long mant = 0;
    int digits = 0;
    int exp10 = 0;
    boolean any = false;
    boolean simple = true;
    for (; i < tokLen; i++) {
      int d = tok[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      any = true;
      if (digits < 18) {
        mant = mant * 10 + d;
        if (mant != 0) {
          digits++;
        }
      } else {
        exp10++;
        simple = false;
      }
    }
    if (i < tokLen && tok[i] == '.') {
      i++;
      for (; i < tokLen; i++) {
        int d = tok[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        any = true;
        if (digits < 18) {
          mant = mant * 10 + d;
          if (mant != 0) {
            digits++;
          }
          exp10--;
        } else {
          simple = false;
        }
      }
    }
    if (any && i < tokLen && (tok[i] == 'e' || tok[i] == 'E')) {
      i++;
      boolean eneg = false;
      if (i < tokLen && (tok[i] == '-' || tok[i] == '+')) {
        eneg = tok[i] == '-';
        i++;
      }
      int e = 0;
      int start = i;
      for (; i < tokLen && tok[i] >= '0' && tok[i] <= '9' && e < 100_000; i++) {
        e = e * 10 + (tok[i] - '0');
      }
      if (i == start) {
        any = false;
      }
      exp10 += eneg ? -e : e;
    }
    if (any && i == tokLen && simple && Math.abs(exp10) < POW10.length && mant < (1L << 53)) {
      double v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
      return neg ? -v : v;
    }
    String s = text();
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("nan") || lower.equals("-nan")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new DatasetFormatException(name + ":" + line + ": '" + s + "' is not a number");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
