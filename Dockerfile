# syntax=docker/dockerfile:1
#
# Build: docker build -t budgetqa .
# Run:   docker run --rm -p 8080:8080 budgetqa
#
# Stage 1 builds the binary with cgo (gojieba is C++) and collects jieba's
# dictionary files; stage 2 is a slim, non-root runtime image that carries
# the binary, the dictionary beside it (the binary looks for ./dict next to
# itself before gojieba's build-time path, which does not exist in this
# image), embedded in the binary, the bundled corpus, and the index folder of
# that corpus built at image build time (budgetqa index), so that a
# container is ready in about a second without parsing anything, and
# PDFium's compiled code (the PDF reader's WebAssembly), so that reading the
# first PDF does not compile it. Mount a
# volume at /data to keep uploaded documents (BUDGETQA_ADMIN_TOKEN) across
# containers; an empty volume is filled from the bundled corpus.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/budgetqa ./cmd/budgetqa \
 && mkdir -p /out/dict \
 && cp "$(go list -m -f '{{.Dir}}' github.com/yanyiwu/gojieba)"/deps/cppjieba/dict/*.utf8 /out/dict/ \
 && BUDGETQA_JIEBA_DICT=/out/dict /out/budgetqa index --out /out/index \
 && BUDGETQA_PDF_CACHE=/out/wazero /out/budgetqa parse --summary testdata/pdf/jiangsu-renda-2019-yusuan-tables.pdf >/dev/null

FROM debian:bookworm-slim
# libstdc++6 and libgcc-s1 (the C++ runtime of gojieba) are part of the base image.
RUN useradd --system --uid 10001 --home-dir /app budgetqa \
 && mkdir -p /app /data \
 && chown budgetqa /data
COPY --from=build /out/budgetqa /app/budgetqa
COPY --from=build /out/dict /app/dict
COPY --from=build --chown=budgetqa /out/index /data/index
# PDFium's compiled WebAssembly, so that the first PDF read takes a tenth of
# a second rather than four; writable, in the data volume.
COPY --from=build --chown=budgetqa /out/wazero /data/wazero
USER budgetqa
WORKDIR /app
ENV BUDGETQA_ADDR=:8080 \
    BUDGETQA_JIEBA_DICT=/app/dict \
    BUDGETQA_INDEX=/data/index \
    BUDGETQA_PDF_CACHE=/data/wazero
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["/app/budgetqa", "healthcheck", "--url", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/app/budgetqa"]
CMD ["serve"]
