package io.runbookd.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects of an {@link S3Selection} older than a cutoff, listed with ListObjectsV2 (1,000 keys
 * a page) until {@code max} are found or {@value #MAX_PAGES} pages are read, whichever comes first.
 * A key the service returns outside the prefix is never taken, whatever the listing says.
 *
 * @param objects the old objects found, at most {@code max}, in listing (key) order
 * @param bytes their total size
 * @param more more old objects, or keys not yet looked at, may remain
 * @param scanned keys looked at
 */
public record S3OldObjects(List<S3Object> objects, long bytes, boolean more, long scanned) {
  static final int MAX_PAGES = 50;
  public static final String LIST = "S3 ListObjectsV2";

  public S3OldObjects {
    objects = List.copyOf(objects);
  }

  /** Lists at most {@code limit} old objects of {@code s}, modified before {@code cutoff}. */
  public static S3OldObjects list(S3Client s3, S3Selection s, Instant cutoff, int limit)
      throws Exception {
    List<S3Object> found = new ArrayList<>();
    long bytes = 0;
    long scanned = 0;
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ListObjectsV2Response answer = page(s3, s, token);
      for (S3Object o : answer.contents()) {
        scanned++;
        if (!o.key().startsWith(s.prefix()) || !o.lastModified().isBefore(cutoff)) {
          continue;
        }
        if (found.size() == limit) {
          return new S3OldObjects(found, bytes, true, scanned);
        }
        found.add(o);
        bytes += o.size() == null ? 0 : o.size();
      }
      token = Boolean.TRUE.equals(answer.isTruncated()) ? answer.nextContinuationToken() : null;
      if (token == null) {
        return new S3OldObjects(found, bytes, false, scanned);
      }
    }
    return new S3OldObjects(found, bytes, true, scanned);
  }

  private static ListObjectsV2Response page(S3Client s3, S3Selection s, String token)
      throws Exception {
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(s.bucket()).maxKeys(1000).continuationToken(token);
    if (!s.prefix().isEmpty()) {
      request.prefix(s.prefix());
    }
    try {
      return s3.listObjectsV2(request.build());
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(LIST, e);
    }
  }
}
