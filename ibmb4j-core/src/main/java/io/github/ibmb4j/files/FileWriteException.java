package io.github.ibmb4j.files;

import java.nio.file.FileSystemException;

/**
 * Writing an output file failed for a reason of the file system (a directory in the way, a read-only
 * or immutable location, no permission, a full disk). The message names the path the caller asked
 * for, never the temporary file used on the way, and the reason.
 */
public final class FileWriteException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  public FileWriteException(String target, String reason) {
    super(target, null, reason);
  }

  @Override
  public String getMessage() {
    return "cannot write " + getFile() + ": " + getReason();
  }
}
