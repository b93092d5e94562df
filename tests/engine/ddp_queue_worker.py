"""Worker of test_ddp_queue.py, launched by ``torchrun --nproc_per_node 2``.

Every rank builds the same tiny SkeletonCLR (same seed), enqueues keys of
its own (different per rank) and one real step's keys, and writes its
queue, pointer and local keys to ``OUT/rank{R}.pt``. It also records the
error a queue divisible by the local but not by the global batch raises.
"""
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F


def build(queue_size):
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    return MODELS.build(dict(
        type='SkeletonCLR',
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=8,
                       hidden_channels=8, out_channels=4),
        queue_size=queue_size, feature_dim=4, temperature=0.1,
        momentum=0.9))


def main(out_dir):
    torch.set_num_threads(1)
    dist.init_process_group('gloo')
    rank = dist.get_rank()
    torch.manual_seed(0)  # the same model (and initial queue) everywhere
    model = build(16)
    model.eval()
    initial = model.queue.clone()
    g = torch.Generator().manual_seed(1000 + rank)  # rank-specific keys
    manual = [F.normalize(torch.randn(2, 4, generator=g), dim=1)
              for _ in range(4)]
    ptrs = []
    for keys in manual[:3]:                       # 3 x global 4 = 12 rows
        model.enqueue(keys)
        ptrs.append(int(model.queue_ptr))
    views = [torch.randn(2, 1, 8, 25, 3, generator=g) for _ in range(2)]
    model.loss(views)                             # a real step's keys
    step_keys = model._pending_keys.clone()
    model.enqueue_pending()                       # 16 rows: wraps to 0
    ptrs.append(int(model.queue_ptr))
    model.enqueue(manual[3])                      # overwrites rows 0..3
    ptrs.append(int(model.queue_ptr))

    small = build(6)  # 6 % 2 == 0 locally, but 6 % 4 != 0 globally
    try:
        small.enqueue(torch.randn(2, 4))
        error = None
    except ValueError as e:
        error = str(e)
    # KNN feature banks gather every rank's features in rank order
    from skelact.evaluation.knn import gather_features
    bank, bank_labels = gather_features(
        torch.full((3, 2), float(rank)), torch.full((3,), rank))
    torch.save(dict(bank=bank, bank_labels=bank_labels,
                    queue=model.queue.clone(), queue_ptr=model.queue_ptr
                    .clone(), initial=initial, manual=manual,
                    step_keys=step_keys, ptrs=ptrs, error=error,
                    world_size=dist.get_world_size(),
                    small_ptr=int(small.queue_ptr)),
               f'{out_dir}/rank{rank}.pt')
    dist.barrier()
    dist.destroy_process_group()


if __name__ == '__main__':
    main(sys.argv[1])
