"""Strings of the Training lab."""

STRINGS = {
    "training.title": {
        "en": "Training lab: watch ReLU units die",
        "ko": "학습 실험실: ReLU 뉴런이 죽는 과정 보기",
    },
    "training.intro": {
        "en": "A small network trains live on 2-D toy data. A hidden unit is dead when its activation's "
        "derivative is exactly 0 on every training point: it gets no gradient, so its weights never "
        "change again. Too large a learning rate or a negative bias can kill a large share of a network.",
        "ko": "작은 신경망이 2차원 예제 데이터로 실시간 학습합니다. 모든 학습 데이터에서 활성화 함수의 "
        "도함수가 정확히 0인 은닉 뉴런은 죽은 뉴런입니다. 기울기를 전혀 받지 못하므로 가중치가 다시는 "
        "바뀌지 않습니다. 학습률이 너무 크거나 편향이 음수이면 신경망의 상당 부분이 죽을 수 있습니다.",
    },
    "training.tab.train": {"en": "Train", "ko": "학습"},
    "training.tab.born_dead": {"en": "Born dead", "ko": "태어날 때부터 죽은 신경망"},
    "training.presets": {"en": "Presets", "ko": "프리셋"},
    "training.preset.healthy": {"en": "Healthy ReLU", "ko": "건강한 ReLU"},
    "training.preset.large_lr": {
        "en": "A large learning rate: most units die",
        "ko": "큰 학습률: 뉴런 대부분이 죽음",
    },
    "training.preset.negative_bias": {"en": "Killed by a negative bias", "ko": "음수 편향으로 죽은 ReLU"},
    "training.preset.leaky_survives": {
        "en": "LeakyReLU survives the same",
        "ko": "같은 조건에서 살아남는 LeakyReLU",
    },
    "training.preset.born_dead": {
        "en": "Deep and narrow: often born dead",
        "ko": "깊고 좁은 망: 처음부터 죽기 쉬움",
    },
    "training.start": {"en": "Start", "ko": "시작"},
    "training.pause": {"en": "Pause", "ko": "일시 정지"},
    "training.step": {"en": "Step", "ko": "한 단계"},
    "training.reset": {"en": "Reset", "ko": "초기화"},
    "training.pace": {"en": "Speed (steps/s)", "ko": "속도(초당 단계)"},
    "training.pace_help": {
        "en": "max trains as fast as this server can. A slower pace lets you watch units die step by "
        "step; the same steps are taken either way.",
        "ko": "max는 서버가 낼 수 있는 최대 속도로 학습합니다. 속도를 늦추면 뉴런이 죽는 과정을 한 단계씩 "
        "볼 수 있습니다. 어느 쪽이든 같은 단계를 밟습니다.",
    },
    "training.busy": {
        "en": "The server is busy: {runs} training runs are already going on. Try again in a moment.",
        "ko": "서버가 바쁩니다. 이미 학습 {runs}개가 진행 중입니다. 잠시 후 다시 시도하세요.",
    },
    "training.queued": {
        "en": "Every training slot of this server is taken: you are number {position} in line. Your run "
        "starts by itself when a slot frees; keep this tab open.",
        "ko": "이 서버의 학습 자리가 모두 찼습니다. 대기 순서는 {position}번입니다. 자리가 나면 학습이 "
        "저절로 시작되니 이 탭을 열어 두세요.",
    },
    "training.share": {"en": "{share} of a core", "ko": "CPU 코어의 {share}"},
    "training.status.crashed": {
        "en": "The training process that ran this lab stopped unexpectedly, and the run is lost (the "
        "server and everyone else's runs go on). Press Reset to start again.",
        "ko": "이 실험을 실행하던 학습 프로세스가 예기치 않게 멈춰 학습 결과를 잃었습니다(서버와 다른 "
        "사람의 학습은 계속됩니다). 다시 하려면 초기화를 누르세요.",
    },
    "training.device_failed": {
        "en": "{device} is listed but failed to start this run; it runs on the CPU instead.",
        "ko": "{device} 장치가 보이지만 이 학습을 시작하지 못해 CPU에서 대신 실행합니다.",
    },
    "training.data": {"en": "Data", "ko": "데이터"},
    "training.dataset": {"en": "Data set", "ko": "데이터셋"},
    "training.points": {"en": "Points", "ko": "점 개수"},
    "training.noise": {"en": "Noise (sd)", "ko": "노이즈(표준편차)"},
    "training.test_frac": {"en": "Test fraction", "ko": "테스트 비율"},
    "training.seed": {"en": "Seed", "ko": "시드"},
    "training.seed_help": {
        "en": "Seeds the data, the initial weights and the shuffling. The same seed gives the same run on "
        "the CPU, step for step.",
        "ko": "데이터, 초기 가중치, 셔플 순서를 정합니다. CPU에서는 같은 시드면 매 단계가 똑같은 학습이 "
        "됩니다.",
    },
    "training.network": {"en": "Network and training", "ko": "신경망과 학습"},
    "training.hidden": {"en": "Hidden layers", "ko": "은닉층"},
    "training.hidden_help": {
        "en": "Widths of the hidden layers, comma-separated: up to 6 layers of 1 to 64 units (8,8).",
        "ko": "은닉층의 너비를 쉼표로 구분해 적습니다. 최대 6개 층, 층마다 1~64개 뉴런(예: 8,8).",
    },
    "training.act": {"en": "Activation", "ko": "활성화 함수"},
    "training.bias_init": {"en": "Bias init", "ko": "편향 초기값"},
    "training.bias_init_help": {
        "en": "Every hidden bias starts at this value (the output bias at 0). A negative bias pushes "
        "pre-activations below 0, where a ReLU unit is dead.",
        "ko": "모든 은닉층 편향이 이 값에서 시작합니다(출력층 편향은 0). 음수 편향은 사전 활성값을 0 "
        "아래로 밀어 ReLU 뉴런을 죽게 만듭니다.",
    },
    "training.optimizer": {"en": "Optimizer", "ko": "옵티마이저"},
    "training.optimizer_help": {
        "en": "sgd: plain SGD. momentum: SGD with momentum 0.9. adam: Adam (β = 0.9, 0.999).",
        "ko": "sgd: 기본 SGD. momentum: 모멘텀 0.9의 SGD. adam: Adam(β = 0.9, 0.999).",
    },
    "training.lr": {"en": "Learning rate (log scale)", "ko": "학습률(로그 눈금)"},
    "training.batch": {"en": "Batch size", "ko": "배치 크기"},
    "training.batch_help": {
        "en": "Points per step. At or above the number of training points: full batch.",
        "ko": "한 단계에 쓰는 점의 수. 학습 데이터 수 이상이면 전체 배치입니다.",
    },
    "training.l2": {"en": "L2", "ko": "L2"},
    "training.device": {"en": "Device", "ko": "장치"},
    "training.device_help": {
        "en": "cpu, or cuda / mps when this server has one. Runs are reproducible on the CPU.",
        "ko": "cpu, 또는 서버에 있으면 cuda / mps. CPU에서는 결과가 재현됩니다.",
    },
    "training.compare": {"en": "Compare two runs", "ko": "두 학습 비교"},
    "training.compare_help": {
        "en": "Train a second configuration (B) side by side, on the same data and seed.",
        "ko": "같은 데이터와 시드로 두 번째 설정(B)을 나란히 학습합니다.",
    },
    "training.run_b": {"en": "Run B", "ko": "학습 B"},
    "training.speed": {"en": "{speed} steps/s", "ko": "초당 {speed}단계"},
    "training.fps": {"en": "{fps} frames/s", "ko": "초당 {fps}프레임"},
    "training.http": {"en": "updates over HTTP", "ko": "HTTP로 갱신 중"},
    "training.on_device": {"en": "on {device}", "ko": "장치: {device}"},
    "training.status.running": {"en": "Training", "ko": "학습 중"},
    "training.status.ready": {
        "en": "Ready: press Start to train, or Step for one step.",
        "ko": "준비됨: 시작을 누르면 학습하고, 한 단계를 누르면 한 단계만 진행합니다.",
    },
    "training.status.paused": {"en": "Paused", "ko": "일시 정지됨"},
    "training.status.diverged": {
        "en": "Diverged: the loss is no longer finite (NaN or infinity), so training stopped. Lower the "
        "learning rate and press Reset.",
        "ko": "발산했습니다. 손실이 더 이상 유한하지 않아(NaN 또는 무한대) 학습을 멈췄습니다. 학습률을 "
        "낮추고 초기화를 누르세요.",
    },
    "training.status.finished": {
        "en": "Finished: the run reached its limit of {steps} steps. Press Reset to start over.",
        "ko": "완료: 최대 {steps}단계에 도달했습니다. 처음부터 하려면 초기화를 누르세요.",
    },
    "training.m.step": {"en": "Step", "ko": "단계"},
    "training.m.epoch": {"en": "Epoch", "ko": "에포크"},
    "training.m.loss": {"en": "Training loss", "ko": "학습 손실"},
    "training.m.test_acc": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "training.m.dead": {"en": "Dead units", "ko": "죽은 뉴런"},
    "training.m.saturated": {"en": "+ {n} saturated", "ko": "+ 포화 {n}개"},
    "training.dead_caption": {
        "en": "Dead: f' = 0 at every training point, counted on the full training set at every refresh.",
        "ko": "죽은 뉴런: 모든 학습 데이터에서 f' = 0. 갱신할 때마다 전체 학습 데이터로 셉니다.",
    },
    "training.saturated_caption": {
        "en": "Dashed: saturated, 0 < |f'| < 0.001 at every point (it still learns, barely).",
        "ko": "점선: 포화, 모든 점에서 0 < |f'| < 0.001(아주 조금씩은 여전히 학습합니다).",
    },
    "training.why.never": {
        "en": "{act} can't die: its derivative is never exactly 0 (|f'| ≥ {slope} on [-20, 20]), so every "
        "unit keeps receiving gradient and can recover. That is why the dead count stays at 0.",
        "ko": "{act} 뉴런은 죽지 않습니다. 도함수가 정확히 0이 되는 곳이 없어([-20, 20]에서 |f'| ≥ {slope}) "
        "모든 뉴런이 계속 기울기를 받고 회복할 수 있습니다. 그래서 죽은 뉴런 수가 0에 머뭅니다.",
    },
    "training.why.underflow": {
        "en": "{act} can't die in practice: its derivative is never 0 in exact arithmetic, and in float32 "
        "it rounds to exactly 0 only for {zones}, far beyond any pre-activation here. Every unit keeps "
        "receiving gradient, so the dead count stays at 0.",
        "ko": "{act} 뉴런은 사실상 죽지 않습니다. 정확한 계산에서는 도함수가 0이 되지 않고, float32에서도 "
        "{zones}에서만 정확히 0으로 반올림되는데 이는 사전 활성값이 닿을 수 없는 먼 곳입니다. 모든 "
        "뉴런이 계속 기울기를 받으므로 죽은 뉴런 수가 0에 머뭅니다.",
    },
    "training.why.dies": {
        "en": "{act} can die: f' is exactly 0 (in float32) for {zones}. A unit whose pre-activation stays "
        "there on every training point gets no gradient and its incoming weights freeze.",
        "ko": "{act} 뉴런은 죽을 수 있습니다. float32에서 {zones}일 때 f'가 정확히 0입니다. 모든 학습 "
        "데이터에서 사전 활성값이 그 구간에 머무는 뉴런은 기울기를 받지 못해 들어오는 가중치가 멈춥니다.",
    },
    "training.why.far": {
        "en": "{act} can die, but only far out: in float32 its f' is exactly 0 only for {zones}. No unit has "
        "every training point's pre-activation there, so the dead count is 0; every unit still gets "
        "gradient.",
        "ko": "{act} 뉴런도 죽을 수는 있지만 먼 곳에서만 그렇습니다. float32에서 f'는 {zones}일 때만 정확히 "
        "0입니다. 모든 학습 데이터의 사전 활성값이 그곳에 있는 뉴런이 없으므로 죽은 뉴런 수는 0이고, "
        "모든 뉴런이 여전히 기울기를 받습니다.",
    },
    "training.bd_intro": {
        "en": "Lu et al. (2019, “Dying ReLU and Initialization”) show that a deep, narrow ReLU network is "
        "often **born dead**: at initialisation some layer has no live unit, so the output is a constant "
        "and no gradient flows. With Kaiming-normal weights and zero biases, most networks of width 2 and "
        "depth 10 are born dead, while width 10 almost never is. Only initialisation is involved here, so "
        "networks may be up to 50 layers deep.",
        "ko": "Lu 외(2019, “Dying ReLU and Initialization”)는 깊고 좁은 ReLU 신경망이 **태어날 때부터 "
        "죽어 있는** 경우가 많다는 것을 보였습니다. 초기화 직후 어떤 층에 살아 있는 뉴런이 하나도 없으면 "
        "출력이 상수가 되고 기울기가 흐르지 않습니다. Kaiming 정규 분포 가중치와 0 편향이면 너비 2, "
        "깊이 10인 신경망은 대부분 처음부터 죽어 있고, 너비 10이면 거의 그렇지 않습니다. 여기서는 "
        "초기화만 하므로 최대 50층까지 쌓을 수 있습니다.",
    },
    "training.bd_width": {"en": "Width", "ko": "너비"},
    "training.bd_depth": {"en": "Depth (hidden layers)", "ko": "깊이(은닉층 수)"},
    "training.bd_trials": {"en": "Networks", "ko": "신경망 수"},
    "training.bd_uses": {
        "en": "Uses the sidebar's activation ({act}), weight init ({init}) and bias init ({bias}), on the "
        "first {points} training points.",
        "ko": "사이드바의 활성화 함수({act}), 가중치 초기화({init}), 편향 초기값({bias})을 쓰고, 학습 "
        "데이터 중 처음 {points}개 점으로 판정합니다.",
    },
    "training.bd_run": {"en": "Run the experiment", "ko": "실험 실행"},
    "training.bd_lu": {
        "en": "Use Lu et al.'s setup (ReLU, Kaiming normal, zero bias)",
        "ko": "Lu 외의 설정 사용(ReLU, Kaiming 정규 분포, 0 편향)",
    },
    "training.bd_p": {"en": "Born dead", "ko": "처음부터 죽은 비율"},
    "training.bd_mean": {"en": "Mean share of dead units", "ko": "죽은 뉴런의 평균 비율"},
    "training.bd_trials_done": {"en": "Networks drawn", "ko": "뽑은 신경망 수"},
    "training.fig.boundary": {"en": "Decision boundary", "ko": "결정 경계"},
    "training.fig.network": {"en": "Network (edge width ~ |w|)", "ko": "신경망(선 굵기 ~ |w|)"},
    "training.fig.class": {"en": "class {k}", "ko": "클래스 {k}"},
    "training.fig.train": {"en": "train", "ko": "학습"},
    "training.fig.test": {"en": "test", "ko": "테스트"},
    "training.fig.saturated": {"en": "saturated", "ko": "포화"},
    "training.fig.layer": {"en": "layer {n}", "ko": "{n}층"},
    "training.fig.input": {"en": "input", "ko": "입력"},
    "training.fig.output": {"en": "output", "ko": "출력"},
    "training.fig.dead_count": {"en": "{n} dead", "ko": "{n}개 죽음"},
    "training.fig.loss": {"en": "loss", "ko": "손실"},
    "training.fig.accuracy": {"en": "accuracy", "ko": "정확도"},
    "training.fig.dead_units": {"en": "dead units", "ko": "죽은 뉴런 수"},
    "training.fig.depth": {"en": "depth (hidden layers)", "ko": "깊이(은닉층 수)"},
    "training.fig.born_dead_share": {"en": "born dead", "ko": "처음부터 죽은 비율"},
    "training.export.title": {"en": "Take it with you", "ko": "내려받기"},
    "training.export.history": {"en": "History (CSV)", "ko": "기록(CSV)"},
    "training.export.config": {"en": "Configuration (JSON)", "ko": "설정(JSON)"},
    "training.export.weights": {"en": "Weights (state_dict)", "ko": "가중치(state_dict)"},
    "training.export.script": {"en": "PyTorch script", "ko": "PyTorch 스크립트"},
    "training.export.of_run": {"en": "{what} · {run}", "ko": "{what} · {run}"},
    "training.export.help.history": {
        "en": "Step, loss, test loss, accuracies, dead and saturated units per layer, as recorded so far "
        "(at most 400 rows, thinned evenly over a long run).",
        "ko": "지금까지 기록한 단계, 손실, 테스트 손실, 정확도, 층별 죽은 뉴런과 포화 뉴런 수(긴 실행은 "
        "고르게 줄여 최대 400행).",
    },
    "training.export.help.config": {
        "en": "Every key of this page's link with its value, defaults included, and the link's query.",
        "ko": "이 페이지 링크의 모든 키와 값(기본값 포함), 그리고 링크의 쿼리 문자열.",
    },
    "training.export.help.weights": {
        "en": "The trained parameters now, for torch.load and nn.Sequential.load_state_dict "
        "(the script builds that model).",
        "ko": "지금 학습된 매개변수. torch.load와 nn.Sequential.load_state_dict로 읽습니다"
        "(스크립트가 그 모델을 만듭니다).",
    },
    "training.export.help.script": {
        "en": "Rebuilds the data, the model, its initialisation and the optimizer with torch alone and "
        "trains: python train.py --steps N. Its losses match the lab's up to float rounding.",
        "ko": "torch만으로 데이터, 모델, 초기화, 옵티마이저를 다시 만들고 학습합니다: "
        "python train.py --steps N. 손실은 부동소수점 반올림 차이 안에서 실험실과 같습니다.",
    },
    "training.export.weights_remote": {
        "en": "The weights of a run that trains in a worker process can't be downloaded yet.",
        "ko": "작업 프로세스에서 학습 중인 실행의 가중치는 아직 내려받을 수 없습니다.",
    },
    "training.reason.widths": {
        "en": "not a list of 1 to 6 widths from 1 to 64",
        "ko": "1~64 사이 너비 1~6개의 목록이 아닙니다",
    },
    "training.start_help": {
        "en": "Start training (shortcut: {key}, also to pause).",
        "ko": "학습을 시작합니다(단축키: {key}, 일시 정지도 같은 키).",
    },
    "training.pause_help": {
        "en": "Pause training (shortcut: {key}, also to start again).",
        "ko": "학습을 일시 정지합니다(단축키: {key}, 다시 시작도 같은 키).",
    },
    "training.step_help": {
        "en": "One optimizer step while paused (shortcut: {key}).",
        "ko": "일시 정지 중에 최적화 한 단계를 밟습니다(단축키: {key}).",
    },
    # Alt text of the Training lab's charts (activations/training/figures.py).
    "alt.training.boundary": {
        "en": "Decision boundary on [−{extent}, {extent}]² for {classes} {classes:class|classes}: the "
        "network predicts {shares}; it is sure (p ≥ 0.9) on {sure}% of the area.",
        "ko": "[−{extent}, {extent}]² 위의 결정 경계, 클래스 {classes}개: 신경망은 {shares}을(를) "
        "예측하고, 면적의 {sure}%에서 확신합니다(p ≥ 0.9).",
    },
    "alt.training.share": {"en": "class {k} on {percent}%", "ko": "{percent}%에서 클래스 {k}"},
    "alt.training.network": {
        "en": "Network {sizes}: {dead} of {hidden} hidden {hidden:unit|units} dead, {saturated} "
        "saturated ({layers}).",
        "ko": "신경망 {sizes}: 은닉 유닛 {hidden}개 중 {dead}개 죽음, {saturated}개 포화({layers}).",
    },
    "alt.training.layer": {
        "en": "layer {n}: {dead} of {width} dead",
        "ko": "{n}층: {width}개 중 {dead}개 죽음",
    },
    "alt.training.curves": {
        "en": "{run}After {steps} {steps:step|steps}: loss {loss} (test {test_loss}), accuracy {accuracy} "
        "(test {test_accuracy}), dead units per layer {dead}.",
        "ko": "{run}{steps}스텝 후: 손실 {loss}(테스트 {test_loss}), 정확도 {accuracy}(테스트 "
        "{test_accuracy}), 층별 죽은 유닛 {dead}.",
    },
    "alt.training.curves_empty": {
        "en": "{run}No steps yet.",
        "ko": "{run}아직 학습 스텝이 없습니다.",
    },
    "alt.training.curves_title": {
        "en": "Loss, accuracy and dead units over the steps. ",
        "ko": "스텝에 따른 손실, 정확도, 죽은 유닛. ",
    },
    "alt.training.born_dead": {
        "en": "Bar chart: the share of networks born dead within the first l layers, from {first} at "
        "l = 1 to {last} at l = {depth}.",
        "ko": "막대그래프: 처음 l개 층 안에서 죽은 채로 태어난 신경망의 비율, l = 1에서 {first}, "
        "l = {depth}에서 {last}.",
    },
}
