package io.runbookd.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.time.Instant;
import java.util.List;

/**
 * S3 as the SDK sees it on a path-style endpoint: REST-XML. ListObjectsV2 is {@code GET
 * /BUCKET?list-type=2&prefix=...} answered by a {@code ListBucketResult}; DeleteObjects is {@code
 * POST /BUCKET?delete} with a {@code <Delete>} body, answered by a {@code DeleteResult} that (in
 * quiet mode) lists only the keys it could not delete. WireMock scenarios make the listing change
 * after a delete, as the bucket would.
 */
final class S3Wire {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  static final String BUCKET = "nba-mcp-logs";

  /** One object as ListObjectsV2 shows it. */
  record Obj(String key, Instant modified, long size) {}

  private S3Wire() {}

  static String listing(String prefix, List<Obj> objects, String nextToken) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    xml.append("<ListBucketResult xmlns=\"")
        .append(NS)
        .append("\"><Name>")
        .append(BUCKET)
        .append("</Name><Prefix>")
        .append(prefix)
        .append("</Prefix><KeyCount>")
        .append(objects.size())
        .append("</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>")
        .append(nextToken != null)
        .append("</IsTruncated>");
    if (nextToken != null) {
      xml.append("<NextContinuationToken>").append(nextToken).append("</NextContinuationToken>");
    }
    for (Obj o : objects) {
      xml.append("<Contents><Key>")
          .append(o.key())
          .append("</Key><LastModified>")
          .append(o.modified())
          .append("</LastModified><ETag>&quot;e1&quot;</ETag><Size>")
          .append(o.size())
          .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    return xml.append("</ListBucketResult>").toString();
  }

  static MappingBuilder list() {
    return get(urlPathEqualTo("/" + BUCKET)).withQueryParam("list-type", equalTo("2"));
  }

  static MappingBuilder delete() {
    return post(urlPathEqualTo("/" + BUCKET)).withQueryParam("delete", equalTo(""));
  }

  static void answerList(WireMockServer server, MappingBuilder request, String xml) {
    server.stubFor(request.willReturn(xml(200, xml)));
  }

  static String deleteResult(String errorsXml) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult xmlns=\""
        + NS
        + "\">"
        + errorsXml
        + "</DeleteResult>";
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/xml")
        .withBody(body);
  }
}
