# Images of the grid on the official .NET 10 images: the target "silo" runs one silo, the target
# "client" runs grid-client with the sweep files of experiments/. docker-compose.yml builds both.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY silo/ silo/
COPY client/ client/
RUN dotnet publish silo/Dagmm.Grid.Silo.csproj -c Release -o /app/silo \
    && dotnet publish client/Dagmm.Grid.Client.csproj -c Release -o /app/client

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
# tcmalloc makes a training step of the small presets about a sixth faster (docs/benchmarks.md,
# "tcmalloc"). Ubuntu 24.04, the base of the .NET 10 images, names the package ...4t64; Debian 12
# names it libtcmalloc-minimal4. Without it the image still works, with glibc's allocator.
RUN apt-get update \
    && (apt-get install -y --no-install-recommends libtcmalloc-minimal4t64 \
        || apt-get install -y --no-install-recommends libtcmalloc-minimal4 \
        || echo "warning: no tcmalloc package found; training uses glibc's allocator") \
    && rm -rf /var/lib/apt/lists/*

FROM runtime AS silo
COPY --from=build /app/silo /app/silo
ENV DAGMM_RESULTS=/results \
    DAGMM_DATA=/data
# Silo-to-silo and client gateway ports; the silo listens on them when started with --advertise.
EXPOSE 11111 30000
ENTRYPOINT ["dotnet", "/app/silo/Dagmm.Grid.Silo.dll"]

FROM runtime AS client
COPY --from=build /app/client /app/client
WORKDIR /work
COPY experiments/ experiments/
ENV DAGMM_DATA=/data
ENTRYPOINT ["dotnet", "/app/client/grid-client.dll"]
