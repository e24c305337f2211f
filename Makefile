# The two commands of the quick start.
.PHONY: dev test deploy destroy
dev:
	scripts/dev.sh
test:
	scripts/test.sh

# Deployment (needs an AWS account): see README, Deploying.
deploy:
	infra/deploy.sh $(ARGS)
destroy:
	infra/destroy.sh $(ARGS)
