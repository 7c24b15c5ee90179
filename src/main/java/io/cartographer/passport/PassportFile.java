package io.cartographer.passport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * The only way this package opens a file of the passport volume. Anything on that volume may have
 * been put there by someone else: a symbolic link to {@code /proc/self/environ}, a FIFO that blocks
 * whoever opens it, a directory, a file of gigabytes. So a file is looked at without following
 * links before it is opened, and opened only when it is a regular file within the size cap, with
 * {@code O_NOFOLLOW}; reads are bounded by the size seen, so a file that grows while it is read is
 * cut, never read without end. A file served over HTTP is sent by the kernel from its path. Files are replaced only by rename, so what was checked is what is
 * read.
 */
public final class PassportFile {

  private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private final Path path;
  private final long size;

  private PassportFile(Path path, long size) {
    this.path = path;
    this.size = size;
  }

  /**
   * The file at {@code path} if it is a regular file of at most {@code maxBytes}; empty when
   * nothing is there.
   *
   * @throws NotAPassportFileException when something else is there (a link, a FIFO, a device, a
   *     directory) or the file is too large; nothing was opened
   */
  static Optional<PassportFile> check(Path path, long maxBytes) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = java.nio.file.Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (attributes.isSymbolicLink()) {
      throw new NotAPassportFileException("is a symbolic link; passports are regular files");
    }
    if (!attributes.isRegularFile()) {
      throw new NotAPassportFileException(
          (attributes.isDirectory() ? "is a directory" : "is not a regular file (a FIFO, socket or device)")
              + "; passports are regular files");
    }
    if (attributes.size() > maxBytes) {
      throw new NotAPassportFileException("is larger than " + maxBytes + " bytes");
    }
    return Optional.of(new PassportFile(path, attributes.size()));
  }

  /** {@link #check} and then the whole file. */
  static Optional<byte[]> read(Path path, long maxBytes) throws IOException {
    Optional<PassportFile> file = check(path, maxBytes);
    return file.isEmpty() ? Optional.empty() : Optional.of(file.get().bytes());
  }

  public long size() {
    return size;
  }

  byte[] bytes() throws IOException {
    try (FileChannel channel = open()) {
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until full or the end of the file
      }
      if (buffer.hasRemaining()) {
        throw new IOException(path.getFileName() + " shrank while it was read");
      }
      return buffer.array();
    }
  }

  /**
   * The checked file, for a server to send with {@code sendfile}: the kernel copies it to the
   * socket, so no heap or direct memory holds it, however many clients read at once. It is opened
   * again by that path: a link put in its place between the check and the send would be followed,
   * which needs write access to the volume at that instant (and such access can plant any passport
   * anyway).
   */
  public Path path() {
    return path;
  }

  private FileChannel open() throws IOException {
    return FileChannel.open(path, READ_NO_FOLLOW);
  }

  /** A file of the passport volume that is not a passport file: never opened, never served. */
  static final class NotAPassportFileException extends IOException {
    private static final long serialVersionUID = 1L;

    NotAPassportFileException(String reason) {
      super(reason);
    }
  }
}
