#!/usr/bin/env bash
# Serves a GGUF model on http://127.0.0.1:PORT/v1 (OpenAI-compatible) with llama.cpp through
# java-llama.cpp from Maven Central, for running a recipe against a real model:
#   jobs/llama-server.sh ../shared/models/stories260K.gguf 18080 &
#   jobs/run-local.sh conf/distill.yaml --set llm.provider=openai-compatible \
#     --set llm.base-url=http://127.0.0.1:18080/v1 --set llm.model=stories260K --set llm.api-key-env= \
#     --set llm.max-in-flight=2 --set llm.partitions=1 --set distill.max-tokens=256
set -euo pipefail
model=${1:?usage: jobs/llama-server.sh MODEL.gguf [PORT]}
port=${2:-18080}
version=4.1.0
jar="$HOME/.m2/repository/de/kherud/llama/$version/llama-$version.jar"
[[ -f $jar ]] || mvn -q -B dependency:get -Dartifact=de.kherud:llama:$version
build=$(mktemp -d)
javac -cp "$jar" -d "$build" "$(dirname "$0")/llama-shim/LlamaServer.java"
exec java -cp "$jar:$build" LlamaServer "$model" "$port"
