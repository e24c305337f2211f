# The two commands of the quick start.
.PHONY: dev test release image bench deploy destroy
dev:
	scripts/dev.sh
test:
	scripts/test.sh

# The production build of the server and site.
release:
	scripts/release.sh

# An OCI image of the server and its site, from no base image (README, Deploying).
image:
	scripts/image.sh

# Every benchmark figure (see BENCHMARKS.md).
bench:
	scripts/bench.sh

# Deployment (needs an AWS account): see README, Deploying.
deploy:
	infra/deploy.sh $(ARGS)
destroy:
	infra/destroy.sh $(ARGS)
