package io.cartographer.api;

/** A request the API refuses, with the status and words to answer it with. */
final class ApiException extends RuntimeException {

  final Problem problem;

  ApiException(int status, String title, String detail) {
    super(detail, null, false, false);
    this.problem = Problem.of(status, title, detail);
  }

  static ApiException badRequest(String detail) {
    return new ApiException(400, "Bad request", detail);
  }

  static ApiException notFound(String detail) {
    return new ApiException(404, "Not found", detail);
  }
}
