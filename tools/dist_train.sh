#!/usr/bin/env bash
# Distributed training with torchrun:
#   tools/dist_train.sh CONFIG NUM_PROCS_PER_NODE [train.py args]
# gloo on CPU-only machines (no cuda.set_device, DDP without device_ids),
# NCCL with one GPU per process otherwise (skelact/cli/distributed.py).
# Several nodes: run it on every node with the same NNODES, MASTER_ADDR and
# PORT and each node's NODE_RANK (0 .. NNODES-1). PYTHON picks the interpreter.
set -euo pipefail
CONFIG=$1
NPROC=$2
shift 2
PORT=${PORT:-29500}
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
MASTER_ADDR=${MASTER_ADDR:-127.0.0.1}
PYTHON=${PYTHON:-python}
PYTHONPATH="$(dirname "$0")/..:${PYTHONPATH:-}" \
"$PYTHON" -m torch.distributed.run --nnodes="$NNODES" --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" --nproc_per_node="$NPROC" \
    --master_port="$PORT" \
    "$(dirname "$0")/train.py" "$CONFIG" --launcher pytorch "$@"
