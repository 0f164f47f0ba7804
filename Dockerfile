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

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS silo
COPY --from=build /app/silo /app/silo
ENV DAGMM_RESULTS=/results \
    DAGMM_DATA=/data
# Silo-to-silo and client gateway ports; the silo listens on them when started with --advertise.
EXPOSE 11111 30000
ENTRYPOINT ["dotnet", "/app/silo/Dagmm.Grid.Silo.dll"]

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS client
COPY --from=build /app/client /app/client
WORKDIR /work
COPY experiments/ experiments/
ENV DAGMM_DATA=/data
ENTRYPOINT ["dotnet", "/app/client/grid-client.dll"]
