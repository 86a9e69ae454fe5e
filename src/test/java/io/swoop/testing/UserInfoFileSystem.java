package io.swoop.testing;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@value #SCHEME}, with whatever authority the URI carries,
 * user info included: {@code credfs://KEY:SECRET@bucket/abs/path} is the local {@code /abs/path}.
 * It stands for an object store addressed with credentials in its URL ({@code
 * s3a://KEY:SECRET@bucket}), so a test can check that they reach no file and no log. The job is
 * given {@code spark.hadoop.fs.credfs.impl} = this class.
 */
public final class UserInfoFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "credfs";

  private URI uri;

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    String authority = name.getRawAuthority();
    uri = URI.create(SCHEME + "://" + (authority == null ? "" : authority) + "/");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    // RawLocalFileSystem's constructor qualifies its working folder before initialize.
    return uri != null ? uri : URI.create(SCHEME + ":///");
  }
}
