# KNN evaluation: features of the pretrained encoder (frozen, eval mode),
# cosine similarity, the k=20 nearest training samples vote with weights
# exp(s / 0.07); no training. Run with
#   python tools/test.py CONFIG PRETRAINING_CHECKPOINT --protocol knn
_base_ = ['../default_runtime.py']
model = dict(type='Recognizer', frozen_backbone=True, head=None)
eval_pipeline = [dict(type='PackSkeletonInputs')]
_loader = dict(batch_size=128, num_workers=4,
               worker_init_fn=dict(type='skelact.seed_worker'),
               sampler=dict(type='DefaultSampler', shuffle=False))
test_dataloader = dict(**_loader)
test_cfg = dict(type='KNNTestLoop', k=20, temperature=0.07,
                train_dataloader=dict(**_loader))  # the labelled bank
test_evaluator = dict(type='AccMetric', topk=(1, 5))
protocol_cfg = dict(trains=False)
