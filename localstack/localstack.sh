#!/usr/bin/env bash
# up | deploy | test | down | env — the LocalStack path for the same CDK stack `cdk deploy` puts on AWS.
# `env` prints the environment the other commands give cdklocal and the e2e suite, and runs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

COMPOSE_FILE=localstack/docker-compose.yml
OUTPUTS=${SQS_JOBS_LOCALSTACK_OUTPUTS:-.local/localstack-outputs.json}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1} AWS_REGION=${AWS_REGION:-us-east-1}
export AWS_ENDPOINT_URL=${AWS_ENDPOINT_URL:-http://localhost.localstack.cloud:4566}
# cdklocal (aws-cdk-local 3.x, with aws-cdk >= 2.177) refuses AWS_ENDPOINT_URL without AWS_ENDPOINT_URL_S3,
# which must name S3's own host so that virtual-hosted bucket requests (<bucket>.s3.…) resolve.
export AWS_ENDPOINT_URL_S3=${AWS_ENDPOINT_URL_S3:-http://s3.localhost.localstack.cloud:4566}
# cdklocal drops every other AWS_* variable unless listed here; keep the region the outputs are read in.
export AWS_ENVAR_ALLOWLIST=${AWS_ENVAR_ALLOWLIST:-AWS_REGION,AWS_DEFAULT_REGION}

fail() { echo "localstack: $*" >&2; exit 1; }

require_docker() {
  command -v docker >/dev/null 2>&1 || fail "Docker is not installed; LocalStack runs in Docker. Use 'npm start' for the Docker-free local mode."
  docker info >/dev/null 2>&1 || fail "the Docker daemon is not reachable ('docker info' failed); start Docker first. 'npm start' needs no Docker."
}

require_token() {
  [ -n "${LOCALSTACK_AUTH_TOKEN:-}" ] || fail "LOCALSTACK_AUTH_TOKEN is not set; LocalStack images start only with an auth token (https://app.localstack.cloud)."
}

require_running() {
  curl -fsS "$AWS_ENDPOINT_URL/_localstack/health" >/dev/null 2>&1 || fail "LocalStack is not answering at $AWS_ENDPOINT_URL; run 'npm run localstack:up' first."
}

case "${1:-}" in
  up)
    require_docker; require_token
    docker compose -f "$COMPOSE_FILE" up -d --wait
    ;;
  deploy)
    # The running container already holds the token; cdklocal needs none.
    require_docker; require_running
    mkdir -p "$(dirname "$OUTPUTS")"
    # cdklocal wraps the pinned aws-cdk CLI and points it at LocalStack.
    npx --no-install cdklocal bootstrap
    npx --no-install cdklocal deploy --require-approval never --outputs-file "$OUTPUTS" "${@:2}"
    ;;
  test)
    [ -f "$OUTPUTS" ] || fail "no $OUTPUTS; run 'npm run localstack:deploy' first."
    read -r url key_id dlq < <(node -e '
      const o = Object.values(require(process.argv[1]))[0];
      console.log(`http://${o.RestApiId}.execute-api.localhost.localstack.cloud:4566/${o.StageName}`,
        o.ApiKeyId ?? "-", o.DeadLetterQueueUrl ?? "-");
    ' "$(cd "$(dirname "$OUTPUTS")" && pwd)/$(basename "$OUTPUTS")")
    if [ "$key_id" != "-" ] && [ -z "${SQS_JOBS_API_KEY:-}" ]; then
      # Stages other than "local" require an API key: read its value the way a user would.
      command -v aws >/dev/null || fail "this stage requires an API key; set SQS_JOBS_API_KEY or install the AWS CLI to read key $key_id."
      SQS_JOBS_API_KEY=$(aws --endpoint-url="$AWS_ENDPOINT_URL" apigateway get-api-key \
        --api-key "$key_id" --include-value --query value --output text) || fail "could not read API key $key_id."
      export SQS_JOBS_API_KEY
    fi
    if [ "$dlq" != "-" ]; then export SQS_JOBS_DEAD_LETTER_QUEUE_URL="$dlq"; fi
    # LocalStack's gateway answers unknown routes and bad keys in its own words (test/e2e/gateway-answers.ts).
    export SQS_JOBS_API_URL="$url" SQS_JOBS_E2E_TARGET=localstack
    echo "e2e against $url"
    npx --no-install vitest run --project e2e "${@:2}"
    ;;
  down)
    require_docker
    docker compose -f "$COMPOSE_FILE" down
    ;;
  env)
    for name in AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_ENVAR_ALLOWLIST AWS_REGION AWS_DEFAULT_REGION; do
      printf '%s=%s\n' "$name" "${!name}"
    done
    ;;
  *)
    fail "usage: localstack/localstack.sh up|deploy|test|down|env"
    ;;
esac
