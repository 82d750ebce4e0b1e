package io.github.ibmb4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a NumPy {@code .npz} archive (a ZIP of {@code <name>.npy} entries, stored or DEFLATE, ZIP64
 * allowed) or a single {@code .npy} file into {@link NpyArray}s keyed by array name.
 */
public final class NpzReader {
  private NpzReader() {}

  /**
   * Reads every array of an {@code .npz} archive, in archive order.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws DatasetFormatException if it is not a valid archive of NPY arrays
   */
  public static Map<String, NpyArray> readNpz(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (e.isDirectory()) {
          continue;
        }
        String key = e.getName().endsWith(".npy")
            ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
        // ZipFile does not verify member checksums: do it, so a flipped bit is an error, not data
        CRC32 crc = new CRC32();
        try (InputStream in = new BufferedInputStream(
            new CheckedInputStream(zip.getInputStream(e), crc), 1 << 16)) {
          arrays.put(key, NpyArray.read(in, file.getFileName() + ":" + e.getName()));
          in.transferTo(OutputStream.nullOutputStream());
        } catch (ZipException ze) {
          throw new DatasetFormatException(file + ": corrupt archive entry " + e.getName()
              + " (" + ze.getMessage() + ")", ze);
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
          throw new DatasetFormatException(file + ": archive member " + e.getName()
              + " fails its CRC check (stored " + Long.toHexString(e.getCrc()) + ", data "
              + Long.toHexString(crc.getValue()) + "): the file is damaged");
        }
      }
    } catch (ZipException e) {
      throw new DatasetFormatException(file + ": not a valid .npz (ZIP) archive: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new DatasetFormatException(file + ": truncated archive", e);
    }
    return arrays;
  }

  /** Reads a single {@code .npy} file. */
  public static NpyArray readNpy(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return NpyArray.read(in, file.toString());
    }
  }
}
