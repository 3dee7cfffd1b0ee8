## [Y, dX, dW, dR, db] = plain_layer (cell, X, W, R, b, dY) - a plain,
## vectorised Octave implementation of one unidirectional (forward) layer
## (no bR, zero initial state): the baseline of bench.m, what a user writes
## by hand.  One GEMM per step forward ([W R] * [x; h]) and one per step
## backward, then the weight gradients from the stored step values.
## With nargin < 6 only the forward pass runs.
function [Y, dX, dW, dR, db] = plain_layer (cell, X, W, R, b, dY)
  [n_x, m, T] = size (X);
  n_a = columns (R);
  h = zeros (n_a, m, class (X));
  c = h;
  Y = zeros (n_a, m, T, class (X));
  H = zeros (n_a, m, T + 1, class (X));      # H(:,:,t) = h_(t-1)
  switch (cell)
    case "rnn"
      WR = [W R];
      for t = 1:T
        H(:,:,t) = h;
        h = tanh (WR * [X(:,:,t); h] + b);
        Y(:,:,t) = h;
      endfor
    case "lstm"
      WR = [W R];
      A = zeros (4*n_a, m, T, class (X)); C = zeros (n_a, m, T + 1, class (X));
      for t = 1:T
        H(:,:,t) = h; C(:,:,t) = c;
        a = WR * [X(:,:,t); h] + b;
        a([1:2*n_a, 3*n_a+1:end], :) = 1 ./ (1 + exp (-a([1:2*n_a, 3*n_a+1:end], :)));
        a(2*n_a+1:3*n_a, :) = tanh (a(2*n_a+1:3*n_a, :));
        c = a(n_a+1:2*n_a, :) .* c + a(1:n_a, :) .* a(2*n_a+1:3*n_a, :);
        h = a(3*n_a+1:end, :) .* tanh (c);
        A(:,:,t) = a; Y(:,:,t) = h;
      endfor
      C(:,:,T+1) = c;
    case "gru"                               # PyTorch's form (reset after)
      ## one GEMM per step: [W_rz R_rz; W_n 0; 0 R_n] * [x; h]
      WR = [W(1:2*n_a,:), R(1:2*n_a,:); W(2*n_a+1:end,:), zeros(n_a, n_a); ...
            zeros(n_a, n_x), R(2*n_a+1:end,:)];
      bb = [b; zeros(n_a, 1)];
      A = zeros (4*n_a, m, T, class (X));
      for t = 1:T
        H(:,:,t) = h;
        a = WR * [X(:,:,t); h] + bb;
        a(1:2*n_a, :) = 1 ./ (1 + exp (-a(1:2*n_a, :)));
        a(2*n_a+1:3*n_a, :) = tanh (a(2*n_a+1:3*n_a, :) + a(1:n_a, :) .* a(3*n_a+1:end, :));
        h = (1 - a(n_a+1:2*n_a, :)) .* a(2*n_a+1:3*n_a, :) + a(n_a+1:2*n_a, :) .* h;
        A(:,:,t) = a; Y(:,:,t) = h;
      endfor
  endswitch
  if (nargin < 6)
    return;
  endif

  ## backward
  G = rows (W);
  dG = zeros (G, m, T, class (X));
  dGh = dG;                                  # gradient reaching R * h
  dh = zeros (n_a, m, class (X)); dc = dh;
  RT = R';
  for t = T:-1:1
    dh += dY(:,:,t);
    switch (cell)
      case "rnn"
        g = dh .* (1 - Y(:,:,t).^2);
        dG(:,:,t) = g; dGh(:,:,t) = g;
        dh = RT * g;
      case "lstm"
        a = A(:,:,t); i = a(1:n_a,:); f = a(n_a+1:2*n_a,:);
        gg = a(2*n_a+1:3*n_a,:); o = a(3*n_a+1:end,:);
        tc = tanh (C(:,:,t+1));
        dc += dh .* o .* (1 - tc.^2);
        g = [dc .* gg .* i .* (1 - i); dc .* C(:,:,t) .* f .* (1 - f);
             dc .* i .* (1 - gg.^2); dh .* tc .* o .* (1 - o)];
        dc = dc .* f;
        dG(:,:,t) = g; dGh(:,:,t) = g;
        dh = RT * g;
      case "gru"
        a = A(:,:,t); r = a(1:n_a,:); z = a(n_a+1:2*n_a,:);
        n = a(2*n_a+1:3*n_a,:); hn = a(3*n_a+1:end,:); hp = H(:,:,t);
        dn = dh .* (1 - z) .* (1 - n.^2);
        dz = dh .* (hp - n) .* z .* (1 - z);
        dr = dn .* hn .* r .* (1 - r);
        dG(:,:,t) = [dr; dz; dn];
        dGh(:,:,t) = [dr; dz; dn .* r];
        dh = RT * dGh(:,:,t) + dh .* z;
    endswitch
  endfor
  dG2 = reshape (dG, G, m*T);
  dX = reshape (W' * dG2, n_x, m, T);
  dW = dG2 * reshape (X, n_x, m*T)';
  dR = reshape (dGh, G, m*T) * reshape (H(:,:,1:T), n_a, m*T)';
  db = sum (dG2, 2);
endfunction
